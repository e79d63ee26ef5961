using Microsoft.Net.Http.Headers;

namespace ZscalerScim.Emulator.Auth;

/// <summary>What a request presents to prove who it is: cookies and a bearer token.</summary>
public static class CallerCredentials
{
    public const string SessionCookie = "JSESSIONID";
    public const string SessionCodeCookie = "ZS_SESSION_CODE";
    public const string SessionCodeHeader = "ZS_CUSTOM_CODE";

    /// <summary>
    /// Every value of a cookie. <c>Request.Cookies</c> keeps only the first of a name, but a client
    /// holding a legacy and a portal session can send two JSESSIONID cookies.
    /// </summary>
    public static IReadOnlyList<string> CookieValues(HttpRequest request, string name)
    {
        var values = new List<string>();
        foreach (var header in request.Headers.Cookie)
        {
            if (header is null || !CookieHeaderValue.TryParseList([header], out var cookies))
            {
                continue;
            }
            values.AddRange(cookies.Where(c => c.Name.Equals(name, StringComparison.Ordinal))
                .Select(c => c.Value.ToString()));
        }
        return values;
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, else null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    /// <summary>Session cookies as ZIA sets them; <c>Secure</c> only where the request came over https.</summary>
    public static void SetCookie(HttpContext context, string name, string value, string path, bool httpOnly) =>
        context.Response.Cookies.Append(name, value, new CookieOptions
        {
            Path = path,
            HttpOnly = httpOnly,
            Secure = context.Request.IsHttps,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Unspecified,
        });
}
