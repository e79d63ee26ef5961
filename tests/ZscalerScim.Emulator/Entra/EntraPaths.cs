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

    /// <summary>Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.</summary>
    public static IResult Error(int status, string code, string message) => new GraphError(status, code, message);

    /// <summary>Graph's throttling answer: 429, Retry-After in seconds, and its error body.</summary>
    public static Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many requests; retry after the time in the Retry-After header.").ExecuteAsync(context);
    }

    /// <summary>Every Graph answer names its request: request-id (new) and client-request-id (the client's, echoed), headers and body alike.</summary>
    private sealed class GraphError(int status, string code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var requestId = Guid.NewGuid().ToString();
            var clientRequestId = context.Request.Headers["client-request-id"].ToString() is { Length: > 0 } given ? given : requestId;
            context.Response.StatusCode = status;
            context.Response.Headers["request-id"] = requestId;
            context.Response.Headers["client-request-id"] = clientRequestId;
            return context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["innerError"] = new JsonObject
                    {
                        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                        ["request-id"] = requestId,
                        ["client-request-id"] = clientRequestId,
                    },
                },
            });
        }
    }
}
