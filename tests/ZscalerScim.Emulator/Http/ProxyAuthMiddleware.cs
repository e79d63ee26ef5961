using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace ZscalerScim.Emulator.Http;

/// <summary>
/// With <c>--proxy-password</c>, the emulator is also an authenticating http proxy to itself: a request sent
/// to it as a proxy (an absolute-form target, RFC 9112 3.2.2) without <c>Proxy-Authorization: Basic</c> for
/// user <c>proxy</c> and that password gets 407 and a sign-in page, as a corporate proxy would answer.
/// </summary>
public sealed class ProxyAuthMiddleware(RequestDelegate next, string? password)
{
    public const string UserName = "proxy";

    public async Task InvokeAsync(HttpContext context)
    {
        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        bool proxied = target.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (password is null || !proxied || context.Request.Headers["Proxy-Authorization"] == Expected(password))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status407ProxyAuthenticationRequired;
        context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"ZscalerScim emulator proxy\"";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("<!DOCTYPE html>\n<html><body><h1>Proxy authentication required</h1></body></html>\n", Encoding.UTF8);
    }

    private static string Expected(string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{password}"));
}
