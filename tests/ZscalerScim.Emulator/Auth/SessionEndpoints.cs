using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Auth;

/// <summary><c>/authenticatedSession</c> of the legacy API and the Admin Portal API.</summary>
public static class SessionEndpoints
{
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromHours(2);

    private static JsonObject SessionBody() => new()
    {
        ["authType"] = "ADMIN_LOGIN",
        ["obfuscateApiKey"] = true,
        ["passwordExpiryTime"] = 0,
        ["passwordExpiryDays"] = 0,
    };

    /// <summary>The login (no session needed), on the group's prefix.</summary>
    public static void MapLogin(RouteGroupBuilder group, SessionKind kind, string cookiePath) =>
        group.MapPost("/authenticatedSession", (HttpContext context, EmulatorState state) =>
            LoginAsync(context, state, kind, cookiePath));

    /// <summary>Session check and logout, on a group guarded by a session filter.</summary>
    public static void MapSession(RouteGroupBuilder group, string cookiePath)
    {
        group.MapGet("/authenticatedSession", () => Results.Json(SessionBody()));
        group.MapDelete("/authenticatedSession", (HttpContext context, EmulatorState state) =>
        {
            if (AuthFilters.CurrentSession(context) is { } session)
            {
                state.EndSession(session);
            }
            context.Response.Cookies.Delete(CallerCredentials.SessionCookie, new CookieOptions { Path = cookiePath });
            return Results.Json(new JsonObject());
        });
    }

    private static async Task<IResult> LoginAsync(HttpContext context, EmulatorState state, SessionKind kind, string cookiePath)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request);
        if (body is null)
        {
            return error!;
        }

        var timestamp = Timestamp(body);
        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return ZiaErrors.InvalidInput("timestamp must be the epoch time in milliseconds, as a string");
        }
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - millis) > ClockTolerance.TotalMilliseconds)
        {
            return ZiaErrors.InvalidInput("timestamp is more than 2 hours away from the server clock");
        }

        if (Text(body, "apiKey") is { Length: > 0 } sentKey)
        {
            state.RecordObfuscatedKey(sentKey);
        }
        var credentials = state.Credentials;
        var expectedKey = ApiKeyObfuscation.Obfuscate(credentials.ApiKey, timestamp);
        if (expectedKey is null
            || Text(body, "apiKey") != expectedKey
            || !string.Equals(Text(body, "username"), credentials.Username, StringComparison.OrdinalIgnoreCase)
            || Text(body, "password") != credentials.Password
            // SCIM disabled the admin's linked user, and with it the admin account.
            || state.Accounts.IsDisabledAdmin(credentials.Username))
        {
            return ZiaErrors.Result(StatusCodes.Status400BadRequest,
                "INVALID_USERNAME_OR_PASSWORD", "Invalid email or password");
        }

        var session = state.StartSession(kind);
        // Cookies are scoped to the API's own prefix: on the real service legacy and portal live on
        // different hosts, and one cookie jar must not let one JSESSIONID overwrite the other here.
        CallerCredentials.SetCookie(context, CallerCredentials.SessionCookie, session.Id, cookiePath, httpOnly: true);
        if (session.SessionCode is not null)
        {
            // Not HttpOnly: the portal's own script reads it to send it back as ZS_CUSTOM_CODE.
            CallerCredentials.SetCookie(context, CallerCredentials.SessionCodeCookie, session.SessionCode, cookiePath, httpOnly: false);
        }
        return Results.Json(SessionBody());
    }

    // The reference sends a string; a bare number is taken as its digits.
    private static string? Timestamp(JsonObject body) =>
        body["timestamp"] is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => value.ToJsonString(),
                _ => null,
            }
            : null;

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
