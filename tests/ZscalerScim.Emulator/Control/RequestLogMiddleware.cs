using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Control;

/// <summary>
/// Outermost middleware: records every request outside the control API with the status it got,
/// faults included (a dropped connection is status 0). Generic: SCIM requests are logged too.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    private const string DroppedItem = "ZscalerScim.Emulator.Dropped";

    /// <summary>Called by whatever aborts the connection, so the log says 0 rather than a status never sent.</summary>
    public static void MarkDropped(HttpContext context) => context.Items[DroppedItem] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (ApiPaths.IsControl(path))
        {
            await next(context);
            return;
        }

        var entry = log.Start(request.Method, path, request.QueryString.HasValue ? request.QueryString.Value![1..] : "");
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            // Nothing reached the client when the connection was dropped or gone before an answer.
            var dropped = context.Items.ContainsKey(DroppedItem)
                || (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted);
            log.Complete(entry, dropped ? 0 : status);
        }
    }
}
