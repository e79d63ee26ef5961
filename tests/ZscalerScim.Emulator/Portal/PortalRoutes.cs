using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;
using ZscalerScim.Emulator.ZIdentity;

namespace ZscalerScim.Emulator.Portal;

/// <summary><c>/zsapi/v1</c>: the Admin Portal's own API, used here for identity providers.</summary>
public static class PortalRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(ApiPaths.Portal);
        SessionEndpoints.MapLogin(open, SessionKind.Portal, ApiPaths.Portal);

        var guarded = app.MapGroup(ApiPaths.Portal).RequirePortalSession();
        SessionEndpoints.MapSession(guarded, ApiPaths.Portal);

        // "The Identity Providers page is not available if you're subscribed to the ZIdentity service"
        // (zia/about-identity-providers). What its API then answers is not documented: here 404, as for a page that is not there.
        var idps = guarded.MapGroup("/idpConfig").AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<ZIdentityTenant>().IdpsInZIdentity
                ? ZiaErrors.NotFound("The Identity Providers page is not available: this organization is subscribed to ZIdentity")
                : await next(invocation));
        idps.MapGet("", (EmulatorState state) => Results.Json(state.GetIdps()));
        idps.MapGet("/{id:long}", (long id, EmulatorState state) =>
            state.GetIdp(id) is { } idp ? Results.Json(idp) : IdpNotFound(id));
        idps.MapPut("/{id:long}", SaveIdpAsync);
        idps.MapPost("/generateBearerToken", (EmulatorState state) =>
            Results.Json(new JsonObject { ["bearerToken"] = state.GenerateScimToken() }));

        guarded.MapFallback(() => ZiaErrors.NotFound());
    }

    private static async Task<IResult> SaveIdpAsync(long id, HttpContext context, EmulatorState state)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request);
        if (body is null)
        {
            return error!;
        }
        try
        {
            return state.SaveIdp(id, body) is { } saved ? Results.Json(saved) : IdpNotFound(id);
        }
        catch (InvalidInputException e)
        {
            return ZiaErrors.InvalidInput(e.Message);
        }
    }

    private static IResult IdpNotFound(long id) => ZiaErrors.NotFound($"Identity provider {id} not found");
}
