using System.Globalization;

namespace ZscalerScim.Emulator.Okta;

/// <summary>
/// Okta's rate-limit headers on every answer (X-Rate-Limit-Limit, -Remaining, -Reset in epoch seconds) and 429 E0000047
/// past the limit. One window for the whole org (Okta counts per endpoint group; one bucket is enough for the module).
/// </summary>
public sealed class OktaRateLimit(RequestDelegate next, OktaState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var (allowed, limit, remaining, reset) = state.Count(DateTimeOffset.UtcNow);
        var headers = context.Response.Headers;
        headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        if (allowed)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.Response.WriteAsJsonAsync(OktaErrors.Body("E0000047", "API call exceeded rate limit due to too many requests."));
    }
}
