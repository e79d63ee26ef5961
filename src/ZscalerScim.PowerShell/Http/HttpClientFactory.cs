using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace ZscalerScim.Http;

/// <summary>
/// -Proxy, -ProxyCredential and -ProxyUseDefaultCredentials of a connect cmdlet. The credential is a NetworkCredential
/// (its password still a SecureString), so that the transport needs no PowerShell type.
/// </summary>
internal sealed record ProxyOptions(Uri? Address, NetworkCredential? Credential, bool UseDefaultCredentials)
{
    public static readonly ProxyOptions None = new(null, null, false);
}

/// <summary>Builds the one HttpClient of a session: its cookies, proxy, TLS floor and connection limit.</summary>
internal static class HttpClientFactory
{
    /// <summary>Connections to one server at once: as many as the sync keeps in flight (InFlight.Most).</summary>
    public const int MostConnectionsPerServer = 16;

    private static readonly string UserAgent =
        $"ZscalerScim/{typeof(HttpClientFactory).Assembly.GetName().Version} PowerShell";

    public static HttpClient Create(ProxyOptions proxy, CookieContainer cookies)
    {
        EnsureModernTls();
        HttpClient client = new(CreateHandler(proxy, cookies)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        // .NET Framework sends "Expect: 100-continue" and waits for the server before each body: a round trip per write.
        client.DefaultRequestHeaders.ExpectContinue = false;
        return client;
    }

    /// <summary>The handler of one session; everything it sets stays with it, nothing process-wide changes.</summary>
    internal static HttpMessageHandler CreateHandler(ProxyOptions proxy, CookieContainer cookies)
    {
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
                Credentials = proxy.UseDefaultCredentials ? CredentialCache.DefaultCredentials : proxy.Credential,
            };
            handler.UseProxy = true;
        }
        else if (proxy.UseDefaultCredentials)
        {
            // The system proxy (Internet Options, HTTP_PROXY) with the Windows sign-in (NTLM, Kerberos), for this session
            // only: .NET Framework's DefaultProxyCredentials writes them into the shared WebRequest.DefaultWebProxy.
            handler.Proxy = new SystemProxy(CredentialCache.DefaultCredentials);
            handler.UseProxy = true;
        }
        return LimitConnections(handler);
    }

    /// <summary>
    /// .NET Framework allows 2 connections to a server unless told otherwise; the limit is set on this handler, which
    /// .NET Framework applies to each server's ServicePoint as it calls it. Where the handler has no such setting
    /// (Mono), the same is done per server on each call.
    /// </summary>
    private static HttpMessageHandler LimitConnections(HttpClientHandler handler)
    {
        try
        {
            if (handler.MaxConnectionsPerServer < MostConnectionsPerServer)
            {
                handler.MaxConnectionsPerServer = MostConnectionsPerServer;
            }
            return handler;
        }
        catch (NotImplementedException)
        {
            return new ServicePointLimit(handler);
        }
    }

    /// <summary>Raises the connection limit of each server this session calls, and of no other.</summary>
    private sealed class ServicePointLimit(HttpClientHandler inner) : DelegatingHandler(inner)
    {
        protected override System.Threading.Tasks.Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri)
            {
                IWebProxy? via = inner.UseProxy ? inner.Proxy ?? WebRequest.DefaultWebProxy : null;
                ServicePoint point = ServicePointManager.FindServicePoint(uri, via);
                point.ConnectionLimit = Math.Max(point.ConnectionLimit, MostConnectionsPerServer);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The system's proxy as it is at each call, with credentials of this session's own.</summary>
    private sealed class SystemProxy(ICredentials credentials) : IWebProxy
    {
        public ICredentials? Credentials { get; set; } = credentials;

        public Uri? GetProxy(Uri destination) => WebRequest.DefaultWebProxy?.GetProxy(destination) ?? destination;

        public bool IsBypassed(Uri host) => WebRequest.DefaultWebProxy is not { } system || system.IsBypassed(host);
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
