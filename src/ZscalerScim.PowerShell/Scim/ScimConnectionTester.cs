using System;
using System.Diagnostics;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>Test-ZiaScimConnection's work: discovery, then what Entra ID's "Test connection" does, and the likely cause of a failure.</summary>
internal static class ScimConnectionTester
{
    public static async Task<ScimConnectionTest> TestAsync(ScimConnection connection, OperationLog log, CancellationToken cancel)
    {
        ScimConnectionTest result = new() { BaseUrl = connection.BaseUrl, Kind = connection.Kind };
        Stopwatch watch = Stopwatch.StartNew();
        try
        {
            // Discovery first (the server's capabilities), then a user query that matches nobody, which must
            // answer 200 with totalResults 0.
            connection.Capabilities = null;
            ScimCapabilities capabilities = await ScimClient.CapabilitiesAsync(connection, log, cancel).ConfigureAwait(false);
            result.Reachable = true;
            result.Kind = connection.Kind;
            result.SupportsPatch = capabilities.Patch;
            result.SupportsBulk = capabilities.Bulk;
            result.BulkMaxOperations = capabilities.BulkMaxOperations;
            result.BulkMaxPayloadSize = capabilities.BulkMaxPayloadSize;
            result.SupportsFilter = capabilities.Filter;
            result.FilterMaxResults = capabilities.FilterMaxResults;
            result.SupportsETag = capabilities.ETag;
            string probe = ScimWire.Eq("userName", $"zscalerscim-probe-{Guid.NewGuid():N}@invalid.example");
            var answer = await ScimClient.SendAsync(connection, HttpMethod.Get, $"{ScimWire.Users}?filter={Uri.EscapeDataString(probe)}&startIndex=1&count=1", null, log, cancel).ConfigureAwait(false);
            result.StatusCode = answer.StatusCode;
            result.Authenticated = true;
            result.Message = $"Connected and authenticated to {Describe(connection.Kind)} ({connection.RequestsPerSecond:0.##} requests a second). {capabilities}.";
        }
        catch (ZiaException ex)
        {
            result.StatusCode = ex.StatusCode ?? 0;
            // A 407 came from a proxy that let nothing through to the SCIM server.
            result.Reachable = (ex.StatusCode is not null && ex.StatusCode != 407) || ex.ErrorId == "ZiaUnexpectedResponse" || ex.ErrorId == "ZiaMalformedResponse";
            result.Message = Diagnose(ex, connection.Kind);
            log.Verbose(ex.Message);
        }
        result.ElapsedMs = watch.ElapsedMilliseconds;
        return result;
    }

    /// <summary>For a ZIdentity endpoint: what a refused test of its URL and token means (no activation there); null for others.</summary>
    public static string? RejectedCredentialsAdvice(Uri baseUrl) => ScimEndpointForm.KindOf(baseUrl) == ScimServerKind.ZIdentity
        ? $"A 401 means ZIdentity does not accept the token: it is mistyped or a newer one was generated; copy it again from the {ZIdentity.ZIdentityWire.PortalPath} page. A 404 means the URL is not that page's SCIM Endpoint URL, or SCIM provisioning is off there."
        : null;

    private static string Describe(ScimServerKind kind) => kind switch
    {
        ScimServerKind.Zia => "ZIA's SCIM server",
        ScimServerKind.ZIdentity => "ZIdentity's SCIM server",
        _ => "a SCIM server of neither Zscaler form",
    };

    private static string Diagnose(ZiaException ex, ScimServerKind kind)
    {
        // ZIdentity has no activation and no ZIA ids in its URL: its own advice for the two common refusals.
        if (kind == ScimServerKind.ZIdentity && ex.StatusCode is 401 or 404)
        {
            return ex.StatusCode == 401
                ? $"ZIdentity's SCIM server refused the bearer token (401): it is wrong or was replaced by a newer one (Generate Token). Copy it again from {ZIdentity.ZIdentityWire.PortalPath}."
                : $"Not found (404): the base URL is not a ZIdentity SCIM endpoint, or SCIM provisioning is off for its identity provider. Copy the SCIM Endpoint URL again from {ZIdentity.ZIdentityWire.PortalPath}.";
        }
        Exception? inner = ex.InnerException;
        while (inner?.InnerException is not null && inner is not AuthenticationException)
        {
            inner = inner.InnerException;
        }
        string detail = inner?.Message ?? string.Empty;
        return ex.StatusCode switch
        {
            401 => "The server refused the bearer token (401): the token is wrong or was replaced, or the change that enabled SCIM or set the token is not activated yet (Publish-ZiaChange).",
            403 => "The server refused access (403): the token lacks the rights, or a proxy blocks the call.",
            404 => "Not found (404): SCIM provisioning is not on for this identity provider yet (the change that enabled it is not activated: Publish-ZiaChange), or the organization or identity provider id in the base URL is wrong (Get-ZiaScimBaseUrl).",
            429 => "Rate limited (429) even after waiting as advertised: another client is using this tenant's SCIM limit.",
            _ when ex.ErrorId == "ZiaUnexpectedResponse" => "An HTML page came back instead of SCIM JSON: a proxy or captive portal is intercepting the call; bypass it for the SCIM host.",
            _ when ex.ErrorId == "ZiaRequestTimeout" => "No answer in time: the host is slow or a firewall drops the traffic.",
            _ when inner is AuthenticationException => $"The TLS handshake failed ({detail}): TLS inspection or an untrusted certificate is in the way.",
            _ when IsNameResolution(detail) => $"The host name could not be resolved ({detail}): check the base URL's host and DNS.",
            _ when ex.ErrorId == "ZiaConnectionFailed" => $"No connection ({detail}): check the host, port, proxy and firewall.",
            _ => ex.Message,
        };
    }

    private static bool IsNameResolution(string message) =>
        message.IndexOf("resolve", StringComparison.OrdinalIgnoreCase) >= 0 ||
        message.IndexOf("No such host", StringComparison.OrdinalIgnoreCase) >= 0 ||
        message.IndexOf("Name or service not known", StringComparison.OrdinalIgnoreCase) >= 0 ||
        message.IndexOf("nodename nor servname", StringComparison.OrdinalIgnoreCase) >= 0;
}
