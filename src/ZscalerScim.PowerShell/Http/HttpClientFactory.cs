using System;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZscalerScim.Http;

/// <summary>-Proxy, -ProxyCredential and -ProxyUseDefaultCredentials of a connect cmdlet.</summary>
internal sealed record ProxyOptions(Uri? Address, PSCredential? Credential, bool UseDefaultCredentials)
{
    public static readonly ProxyOptions None = new(null, null, false);
}

/// <summary>Builds the one HttpClient of a session: its cookies, proxy and TLS floor.</summary>
internal static class HttpClientFactory
{
    private static readonly string UserAgent =
        $"ZscalerScim/{typeof(HttpClientFactory).Assembly.GetName().Version} PowerShell";

    public static HttpClient Create(ProxyOptions proxy, CookieContainer cookies)
    {
        EnsureModernTls();
        HttpClientHandler handler = new()
        {
            CookieContainer = cookies,
            UseCookies = true,
            // An API call that redirects is a proxy or login page: surface it, never follow it with our cookies.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        if (proxy.Address is not null)
        {
            handler.Proxy = new WebProxy(proxy.Address)
            {
                Credentials = proxy.UseDefaultCredentials ? CredentialCache.DefaultCredentials : proxy.Credential?.GetNetworkCredential(),
            };
            handler.UseProxy = true;
        }
        else if (proxy.UseDefaultCredentials)
        {
            // The system proxy (Internet Options, HTTP_PROXY) with the Windows sign-in (NTLM, Kerberos).
            handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
        }

        HttpClient client = new(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    /// <summary>Windows PowerShell 5.1 on .NET Framework may still default to TLS 1.0; Zscaler needs 1.2 or later.</summary>
    private static void EnsureModernTls()
    {
        // SystemDefault (0) already lets the OS pick TLS 1.2 or 1.3; adding a flag to it would pin 1.2.
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) &&
            ServicePointManager.SecurityProtocol != 0)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }
    }
}
