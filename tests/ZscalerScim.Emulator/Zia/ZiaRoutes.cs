using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Zia;

/// <summary>The two ways into the ZIA API: legacy session and OneAPI bearer token.</summary>
public static class ZiaRoutes
{
    /// <summary><c>/api/v1</c>: API key login, then the JSESSIONID cookie.</summary>
    public static void MapLegacyApi(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(ApiPaths.LegacyApi);
        SessionEndpoints.MapLogin(open, SessionKind.Legacy, ApiPaths.LegacyApi);

        var guarded = app.MapGroup(ApiPaths.LegacyApi).RequireLegacySession();
        SessionEndpoints.MapSession(guarded, ApiPaths.LegacyApi);
        ZiaEndpoints.Map(guarded);
        AdminUsersRoutes.Map(guarded);
        // Unknown paths too need a session first: 401 before 404, like the service.
        guarded.MapFallback(() => ZiaErrors.NotFound());
    }

    /// <summary><c>/zia/api/v1</c>: a bearer token from <c>/oauth2/v1/token</c>.</summary>
    public static void MapOneApi(IEndpointRouteBuilder app)
    {
        var guarded = app.MapGroup(ApiPaths.OneApi).RequireBearerToken();
        ZiaEndpoints.Map(guarded);
        AdminUsersRoutes.Map(guarded);
        guarded.MapFallback(() => ZiaErrors.NotFound());
    }
}
