using System;
using System.Management.Automation;
using System.Net;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>Where credentials may travel: https anywhere, plain http only to this machine (the emulator, a local gateway).</summary>
internal static class TransportRules
{
    /// <summary>
    /// Plain http is safe only to this machine and only directly or through a proxy on this machine: a remote
    /// proxy reads every header and body of a plain-http call (and would resolve "localhost" to itself).
    /// </summary>
    public static bool IsSafe(Uri uri, Uri? proxy = null) =>
        uri.Scheme == Uri.UriSchemeHttps ||
        (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri) && (proxy is null || IsLoopback(proxy)));

    /// <summary>An address as a message may show it: scheme, host and port, never user info, path or query.</summary>
    public static string Display(Uri uri) => uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Authority}" : "(a relative address)";

    private static bool IsLoopback(Uri uri) =>
        uri.IsAbsoluteUri && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? ip) && IPAddress.IsLoopback(ip)));

    /// <summary>
    /// The proxy options, checked against every address a connection calls; throws before anything is sent. Without an
    /// explicit proxy, the system's proxy (HTTP_PROXY, the Windows settings) carries the call and is checked instead.
    /// </summary>
    public static void CheckProxy(ProxyOptions options, params Uri?[] targets)
    {
        Uri? proxy = options.Address;
        if (proxy is not null && (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ZiaException("ZiaInvalidProxy", ErrorCategory.InvalidArgument,
                "-Proxy takes the proxy's absolute http or https address, e.g. http://proxy.acme.com:8080.", "Proxy");
        }
        if (options.Credential is not null && options.UseDefaultCredentials)
        {
            throw new ZiaException("ZiaProxyCredentialConflict", ErrorCategory.InvalidArgument,
                "Pass either -ProxyCredential or -ProxyUseDefaultCredentials, not both.", "ProxyCredential");
        }
        foreach (Uri? target in targets)
        {
            Uri? via = target is null ? null : proxy ?? SystemProxy(target);
            if (via is not null && !IsSafe(target!, via))
            {
                throw new ZiaException("ZiaInsecureProxy", ErrorCategory.SecurityError,
                    $"{Display(target!)} uses plain http, and the {(proxy is null ? "system's proxy" : "proxy")} {Display(via)} is not on this machine: " +
                    "it would read the credentials and tokens of every call. Use https, or a proxy on this machine" +
                    (proxy is null ? ", or exempt this host from the system's proxy (NO_PROXY, or the bypass list of the Windows proxy settings)." : ", or no -Proxy."),
                    "Proxy");
            }
        }
    }

    /// <summary>The system's proxy for a plain-http address, or null when there is none or the address bypasses it.</summary>
    private static Uri? SystemProxy(Uri target)
    {
        // Only plain http needs it: https is safe through any proxy, and asking could start a slow proxy auto-detection.
        if (target.Scheme != Uri.UriSchemeHttp || WebRequest.DefaultWebProxy is not { } system || system.IsBypassed(target))
        {
            return null;
        }
        Uri? via = system.GetProxy(target);
        return via is null || via == target ? null : via;
    }
}
