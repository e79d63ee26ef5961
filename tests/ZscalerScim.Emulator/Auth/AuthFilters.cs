using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Auth;

/// <summary>Endpoint filters that guard each API's route group.</summary>
public static class AuthFilters
{
    private const string SessionItem = "ZscalerScim.Emulator.Session";

    /// <summary>The session a session filter let through (null on OneAPI routes).</summary>
    public static Session? CurrentSession(HttpContext context) => context.Items[SessionItem] as Session;

    /// <summary><c>/api/v1</c>: a live legacy JSESSIONID.</summary>
    public static RouteGroupBuilder RequireLegacySession(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var session = State(http).UseSession(
                CallerCredentials.CookieValues(http.Request, CallerCredentials.SessionCookie), SessionKind.Legacy);
            if (session is null)
            {
                return ZiaErrors.SessionNotValid();
            }
            http.Items[SessionItem] = session;
            return await next(invocation);
        });

    /// <summary><c>/zia/api/v1</c>: a live OneAPI access token.</summary>
    public static RouteGroupBuilder RequireBearerToken(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
            State(invocation.HttpContext).IsTokenValid(CallerCredentials.BearerToken(invocation.HttpContext.Request))
                ? await next(invocation)
                : ZiaErrors.SessionNotValid());

    /// <summary>
    /// <c>/zsapi/v1</c>: a live portal session whose code comes back both as the ZS_SESSION_CODE
    /// cookie and the ZS_CUSTOM_CODE header (the portal's anti-CSRF check).
    /// </summary>
    public static RouteGroupBuilder RequirePortalSession(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var request = http.Request;
            var sessionIds = CallerCredentials.CookieValues(request, CallerCredentials.SessionCookie);
            // A OneAPI-only caller gets told plainly; one whose portal session lapsed gets 401 and logs in again.
            if (sessionIds.Count == 0 && CallerCredentials.BearerToken(request) is not null)
            {
                return ZiaErrors.Result(StatusCodes.Status403Forbidden, "ONEAPI_NOT_SUPPORTED",
                    "The Admin Portal API accepts only an Admin Portal session (API key login)");
            }
            var session = State(http).UseSession(sessionIds, SessionKind.Portal);
            if (session is null)
            {
                return ZiaErrors.SessionNotValid();
            }
            var cookieCodes = CallerCredentials.CookieValues(request, CallerCredentials.SessionCodeCookie);
            var headerCode = request.Headers[CallerCredentials.SessionCodeHeader].ToString();
            if (!cookieCodes.Contains(session.SessionCode) || headerCode != session.SessionCode)
            {
                return ZiaErrors.Result(StatusCodes.Status403Forbidden, "INVALID_CSRF_TOKEN",
                    $"Send the {CallerCredentials.SessionCodeCookie} cookie and the same value in the " +
                    $"{CallerCredentials.SessionCodeHeader} header");
            }
            http.Items[SessionItem] = session;
            return await next(invocation);
        });

    private static EmulatorState State(HttpContext context) => context.RequestServices.GetRequiredService<EmulatorState>();
}
