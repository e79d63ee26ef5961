using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Zia;

/// <summary>The ZIA endpoints the module uses, identical under /api/v1 and /zia/api/v1.</summary>
public static class ZiaEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/status", (EmulatorState state) => Status(state.ActivationStatus));
        group.MapPost("/status/activate", (EmulatorState state) => Status(state.Activate()));

        group.MapGet("/orgInformation", (EmulatorState state) => Results.Json(state.GetOrganization(lite: false)));
        group.MapGet("/orgInformation/lite", (EmulatorState state) => Results.Json(state.GetOrganization(lite: true)));

        group.MapGet("/authSettings", (EmulatorState state) => Results.Json(state.GetAuthSettings().ToJson()));
        group.MapGet("/authSettings/lite", (EmulatorState state) => Results.Json(state.GetAuthSettings().ToLiteJson()));
        group.MapPut("/authSettings", SaveAuthSettingsAsync);

        EventLog.EventLogRoutes.Map(group);
    }

    private static IResult Status(string status) => Results.Json(new JsonObject { ["status"] = status });

    private static async Task<IResult> SaveAuthSettingsAsync(HttpContext context, EmulatorState state)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request);
        if (body is null)
        {
            return error!;
        }
        try
        {
            return Results.Json(state.SaveAuthSettings(body).ToJson());
        }
        catch (InvalidInputException e)
        {
            return ZiaErrors.InvalidInput(e.Message);
        }
    }
}
