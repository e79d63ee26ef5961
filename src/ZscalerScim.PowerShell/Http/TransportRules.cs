using System;
using System.Net;

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
}
