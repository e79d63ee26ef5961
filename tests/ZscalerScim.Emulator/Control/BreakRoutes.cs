using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Control;

/// <summary><c>POST /_emulator/break</c>: breaks one ZIA link of a SCIM setup (see <see cref="EmulatorState.Break"/>).</summary>
public static class BreakRoutes
{
    public static void MapControl(IEndpointRouteBuilder app) =>
        app.MapPost(ApiPaths.Control + "/break", async (HttpContext context, EmulatorState state) =>
        {
            if (await JsonBody.ReadLenientAsync(context.Request) is not { } body)
            {
                return ZiaErrors.InvalidInput("The body must be a JSON object");
            }
            try
            {
                var kind = body["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String ? k.GetValue<string>()
                    : throw new InvalidInputException($"kind is required: one of {string.Join(", ", EmulatorState.BreakKinds)}");
                var idpId = body["idpId"] is JsonValue i && i.TryGetValue(out long id) ? id : 71236;
                var domain = body["domain"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
                return Results.Json(state.Break(kind, idpId, domain));
            }
            catch (InvalidInputException e)
            {
                return ZiaErrors.InvalidInput(e.Message);
            }
        });
}
