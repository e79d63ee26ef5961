using System.Globalization;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.RateLimit;

/// <summary>Applies ZIA's per-method limits to the three ZIA APIs (not to the token endpoint).</summary>
public sealed class RateLimitMiddleware(RequestDelegate next, EmulatorState state, SlidingWindowLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!ApiPaths.IsRateLimited(path) || !state.Config.RateLimits)
        {
            await next(context);
            return;
        }

        var decision = limiter.TryAcquire(state.OrgId, RateRules.ClassesOf(request.Method, path), DateTimeOffset.UtcNow);
        var oneApi = ApiPaths.IsOneApi(path);
        if (oneApi && decision.Rule is not null)
        {
            SetOneApiHeaders(context.Response, decision);
        }
        if (decision.Allowed)
        {
            await next(context);
            return;
        }
        await WriteTooManyRequestsAsync(context, decision.Rule!.ToString(), decision.ResetSeconds, retryAfterHeader: oneApi);
    }

    /// <summary>ZIA's 429: the wait is in the body; OneAPI also sends the Retry-After header.</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext context, string rule, int retryAfterSeconds, bool retryAfterHeader)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (retryAfterHeader)
        {
            response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return response.WriteAsJsonAsync(new JsonObject
        {
            ["message"] = $"Rate Limit ({rule}) exceeded",
            ["Retry-After"] = $"{retryAfterSeconds} seconds",
        });
    }

    private static void SetOneApiHeaders(HttpResponse response, RateDecision decision)
    {
        response.Headers["x-ratelimit-limit"] = decision.Rule!.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
