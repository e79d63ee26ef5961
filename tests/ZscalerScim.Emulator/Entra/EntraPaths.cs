using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Entra;

/// <summary>Where the emulated Microsoft services live on the one origin, and Graph's error body.</summary>
public static class EntraPaths
{
    public const string Graph = "/v1.0";
    public const string ManagedIdentity = "/msi/token";
    public const string Control = ApiPaths.Control + "/entra";

    public static bool IsGraph(string path) => ApiPaths.HasPrefix(path, Graph);

    /// <summary>Graph's error body: {"error":{"code","message"}}.</summary>
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);

    /// <summary>Graph's throttling answer: 429, Retry-After in seconds, and its error body.</summary>
    public static Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = "TooManyRequests", ["message"] = "Too many requests; retry after the time in the Retry-After header." },
        });
    }
}
