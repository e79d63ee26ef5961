using System;
using System.Net;

namespace ZscalerScim.Http;

/// <summary>Where credentials may travel: https anywhere, plain http only to this machine (the emulator, a local gateway).</summary>
internal static class TransportRules
{
    public static bool IsSafe(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps ||
        (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? ip) && IPAddress.IsLoopback(ip))));
}
