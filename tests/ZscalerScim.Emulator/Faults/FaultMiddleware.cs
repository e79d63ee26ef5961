using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Control;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.RateLimit;
using ZscalerScim.Emulator.Scim;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Faults;

/// <summary>
/// Answers a request with a queued fault instead of the service. Generic: it runs for every path
/// but the control API (SCIM included), before rate limiting, so a faulted request uses up no slot
/// (but <c>slow</c> and <c>lostAnswer</c>, which let the service carry the request out).
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultStore faults, EmulatorState state)
{
    private const string ProxyLoginPage =
        "<!DOCTYPE html>\n<html><head><title>Corporate Proxy - Sign In</title></head>\n" +
        "<body><h1>Authentication required</h1><p>Sign in to continue to the internet.</p>\n" +
        "<form method=\"post\" action=\"/proxy-login\"><input name=\"user\"><input name=\"password\" type=\"password\">" +
        "<button>Sign in</button></form></body></html>\n";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var fault = ApiPaths.IsControl(path) ? null : faults.Take(request.Method, path);
        if (fault is null)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        switch (fault.Kind)
        {
            case FaultKinds.RateLimit when ScimPaths.IsScim(path):
                // The SCIM server's own 429: Retry-After header and a SCIM error body.
                await ScimRoutes.WriteTooManyRequestsAsync(context, fault.RetryAfterSeconds);
                break;
            case FaultKinds.RateLimit when Entra.EntraPaths.IsGraph(path):
                // Microsoft Graph's own 429: Retry-After header and its error body.
                await Entra.EntraPaths.WriteThrottledAsync(context, fault.RetryAfterSeconds);
                break;
            case FaultKinds.RateLimit:
                await RateLimitMiddleware.WriteTooManyRequestsAsync(context, PerShortestWindow(request.Method),
                    fault.RetryAfterSeconds, retryAfterHeader: ApiPaths.IsOneApi(path));
                break;
            case FaultKinds.EditLock:
                await ZiaErrors.WriteAsync(context, StatusCodes.Status409Conflict, "EDIT_LOCK_NOT_AVAILABLE",
                    "Another admin or API session holds the edit lock: try again later");
                break;
            case FaultKinds.OrgBarrier:
                await ZiaErrors.WriteAsync(context, StatusCodes.Status409Conflict, "UNEXPECTED_ERROR",
                    "Failed during enter Org barrier");
                break;
            case FaultKinds.SessionDropped:
                state.DropCaller(CallerCredentials.CookieValues(request, CallerCredentials.SessionCookie),
                    CallerCredentials.BearerToken(request));
                await ZiaErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "SESSION_NOT_VALID",
                    "Session is not valid: log in again");
                break;
            case FaultKinds.Unavailable:
                response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ZiaErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE",
                    "The service is temporarily unavailable");
                break;
            case FaultKinds.ReadOnly:
                response.Headers["x-zscaler-mode"] = "read-only";
                await ZiaErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "STATE_READONLY",
                    "The service is in read-only mode for an upgrade: try again later");
                break;
            case FaultKinds.HtmlProxy:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(ProxyLoginPage, Encoding.UTF8);
                break;
            case FaultKinds.Slow:
                // A client that stops waiting does not stop the service: the request is still carried out,
                // from a body read in full first and with no cancellation when the caller hangs up.
                request.EnableBuffering();
                await request.Body.CopyToAsync(Stream.Null);
                request.Body.Position = 0;
                context.RequestAborted = CancellationToken.None;
                await Task.Delay(fault.DelayMs, CancellationToken.None);
                try
                {
                    await next(context);
                }
                catch (Exception) when (context.RequestAborted.IsCancellationRequested)
                {
                    // Nobody is left to hear the answer.
                }
                break;
            case FaultKinds.Drop:
                RequestLogMiddleware.MarkDropped(context);
                context.Abort();
                break;
            case FaultKinds.LostAnswer:
                // The service does the work (rate limit, store and all), then the connection closes before a byte
                // of the answer leaves: the client cannot tell whether it was done.
                var answer = response.Body;
                response.Body = new MemoryStream();
                try
                {
                    await next(context);
                }
                catch (Exception)
                {
                    // Whatever the service made of it, the client hears nothing.
                }
                finally
                {
                    response.Body = answer;
                }
                RequestLogMiddleware.MarkDropped(context);
                context.Abort();
                break;
            case FaultKinds.LateAnswer:
                // The service does the work (rate limit, store and all) at once, then its answer takes delayMs to leave:
                // a client that hangs up meanwhile never hears it, and the change stands.
                var hangUp = context.RequestAborted;
                var toClient = response.Body;
                using (var held = new MemoryStream())
                {
                    response.Body = held;
                    context.RequestAborted = CancellationToken.None;
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        response.Body = toClient;
                    }
                    try
                    {
                        await Task.Delay(fault.DelayMs, hangUp);
                    }
                    catch (OperationCanceledException)
                    {
                        RequestLogMiddleware.MarkDropped(context);
                        break;
                    }
                    held.Position = 0;
                    await held.CopyToAsync(toClient, hangUp);
                }
                break;
            case FaultKinds.EmptyPage:
                // A server that stops paging early: the list answer keeps its totalResults but holds no resources.
                await RewriteAnswerAsync(context, json =>
                {
                    if (json["Resources"] is JsonArray)
                    {
                        json["Resources"] = new JsonArray();
                        json["itemsPerPage"] = 0;
                    }
                });
                break;
            case FaultKinds.RepeatedBulkId:
                // A Bulk answer that gives every result the first one's bulkId (the work itself is done).
                await RewriteAnswerAsync(context, json =>
                {
                    if (json["Operations"] is JsonArray { Count: > 0 } results && results[0]?["bulkId"] is { } first)
                    {
                        foreach (var result in results.OfType<JsonObject>())
                        {
                            result["bulkId"] = first.DeepClone();
                        }
                    }
                });
                break;
            case FaultKinds.GzipBomb:
                await WriteGzipBombAsync(context);
                break;
            case FaultKinds.Oversize:
                // Declares an answer of 3 GiB and sends the start of it; a client that reads on waits, then is cut off.
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json; charset=utf-8";
                response.ContentLength = 3L * 1024 * 1024 * 1024;
                try
                {
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"status\":\"ACTIVE\",\"items\":["), context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // The client hung up, as it should.
                }
                context.Abort();
                break;
            case FaultKinds.EchoHeaders:
                // A careless server that repeats the request's headers (Authorization among them) in its error.
                var echoed = string.Join("; ", request.Headers.Select(h => $"{h.Key}: {h.Value}"));
                response.StatusCode = StatusCodes.Status400BadRequest;
                await response.WriteAsJsonAsync(new JsonObject
                {
                    ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:Error"),
                    ["status"] = "400",
                    ["code"] = "INVALID_INPUT_ARGUMENT",
                    ["message"] = $"Request refused. Headers: {echoed}",
                    ["detail"] = $"Request refused. Headers: {echoed}",
                    ["scimType"] = "invalidValue",
                    ["trace"] = new JsonObject { ["headers"] = echoed },
                });
                break;
            case FaultKinds.MalformedJson:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync("{\"status\":\"ACTIVE\",\"items\":[{\"id\":1,\"na", Encoding.UTF8);
                break;
        }
    }

    /// <summary>Lets the service answer, then sends its JSON object answer changed by <paramref name="change"/> (other answers as they were).</summary>
    private async Task RewriteAnswerAsync(HttpContext context, Action<JsonObject> change)
    {
        var response = context.Response;
        var answer = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = answer;
        }
        var bytes = buffer.ToArray();
        if (response.StatusCode < 300 && bytes.Length > 0 && JsonNode.Parse(bytes) is JsonObject json)
        {
            change(json);
            bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        }
        response.ContentLength = bytes.Length;
        await answer.WriteAsync(bytes);
    }

    /// <summary>Size of the gzip bomb once expanded: 256 MiB (about 250 KB on the wire), well past any answer limit a client should have.</summary>
    public const long GzipBombBytes = 256L * 1024 * 1024;

    // JSON whose expansion is whitespace between two tokens: a parser that reads on keeps nothing but has to read it all.
    private static async Task WriteGzipBombAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.ContentEncoding = "gzip";
        var blank = new byte[1024 * 1024];
        Array.Fill(blank, (byte)' ');
        try
        {
            await using var gzip = new System.IO.Compression.GZipStream(response.Body, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"status\":\"ACTIVE\","), context.RequestAborted);
            for (long written = 0; written < GzipBombBytes; written += blank.Length)
            {
                await gzip.WriteAsync(blank, context.RequestAborted);
            }
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("\"end\":true}"), context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client stopped reading, as it should.
        }
    }

    private static string PerShortestWindow(string method) =>
        RateRules.For(method) is [var first, ..] ? first.ToString() : "1/SECOND";
}
