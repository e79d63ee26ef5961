using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.EventLog;

/// <summary><c>/eventlogEntryReport</c> on both ZIA APIs, and the event log's control API (<c>/_emulator/eventlog</c>).</summary>
public static class EventLogRoutes
{
    public const string ReportPath = "/eventlogEntryReport";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost(ReportPath, async (HttpContext context, ZiaEventLog log) =>
        {
            var (body, error) = await JsonBody.ReadObjectAsync(context.Request);
            if (body is null)
            {
                return error!;
            }
            try
            {
                log.StartReport(body);
            }
            catch (InvalidInputException e)
            {
                return ZiaErrors.InvalidInput(e.Message);
            }
            return Results.NoContent();
        });
        group.MapGet(ReportPath, (ZiaEventLog log) => Results.Json(log.TaskInfo()));
        group.MapGet(ReportPath + "/download", (ZiaEventLog log) => log.Download() is { } csv
            ? Results.Text(csv, "text/csv")
            : ZiaErrors.Result(StatusCodes.Status409Conflict, "REPORT_NOT_READY", "The event log report is not complete yet: check GET /eventlogEntryReport first"));
        group.MapDelete(ReportPath, (ZiaEventLog log) =>
        {
            log.Cancel();
            return Results.NoContent();
        });
    }

    public static void MapControl(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(ApiPaths.Control + "/eventlog");
        control.MapGet("", (ZiaEventLog log) => Results.Json(log.List()));
        control.MapPost("", async (HttpContext context, ZiaEventLog log) =>
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            }
            catch (System.Text.Json.JsonException)
            {
                node = null;
            }
            if (node is not JsonArray entries)
            {
                return ZiaErrors.InvalidInput("The body must be a JSON array of entries");
            }
            try
            {
                log.Seed(entries);
            }
            catch (InvalidInputException e)
            {
                return ZiaErrors.InvalidInput(e.Message);
            }
            return Results.Json(log.List());
        });
        control.MapDelete("", (ZiaEventLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
        control.MapGet("/config", (ZiaEventLog log) => Results.Json(log.Config.ToJson()));
        control.MapPut("/config", async (HttpContext context, ZiaEventLog log) =>
        {
            if (await JsonBody.ReadLenientAsync(context.Request) is not JsonObject body)
            {
                return ZiaErrors.InvalidInput("The body must be a JSON object");
            }
            try
            {
                return Results.Json(log.UpdateConfig(body).ToJson());
            }
            catch (InvalidInputException e)
            {
                return ZiaErrors.InvalidInput(e.Message);
            }
        });
    }
}
