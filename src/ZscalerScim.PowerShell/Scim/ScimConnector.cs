using System;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Scim;

/// <summary>What Connect-ZiaScim gathered: the SCIM root, its token and the transport options.</summary>
internal sealed class ScimConnectRequest
{
    public ScimConnectRequest(Uri baseUrl, SecureString token)
    {
        BaseUrl = baseUrl;
        Token = token;
    }

    public Uri BaseUrl { get; }

    public SecureString Token { get; }

    public ProxyOptions Proxy { get; set; } = ProxyOptions.None;

    /// <summary>0: the server kind's own limit (<see cref="ScimEndpointForm.RequestsPerSecond"/>).</summary>
    public double RequestsPerSecond { get; set; }

    public TimeSpan Timeout { get; set; }

    public int MaxRetry { get; set; }

    /// <summary>The identity provider the URL and token were read from, when they were.</summary>
    public ZiaIdentityProvider? IdentityProvider { get; set; }
}

/// <summary>Opens a SCIM connection, as <see cref="Session.ZiaConnector"/> opens an admin session: checks, pipeline, throttle.</summary>
internal static class ScimConnector
{
    /// <summary>The base URL and token of an identity provider, read through the admin API.</summary>
    public static async Task<ScimConnectRequest> FromIdentityProviderAsync(ZiaSession session, IdentityProviderRef reference, OperationLog log, CancellationToken cancel)
    {
        ZiaIdentityProvider idp = await IdentityProviders.ResolveAsync(session, reference, log, cancel).ConfigureAwait(false);
        string token = BearerTokens.Read(idp);
        Uri url = ScimEndpoints.For(session, idp).Endpoint.BaseUrl;
        return new ScimConnectRequest(url, SecretText.Protect(token)) { IdentityProvider = idp };
    }

    /// <summary>Checks the address, the token and the proxy (nothing is sent), then builds the connection.</summary>
    public static ScimConnection Connect(ScimConnectRequest request)
    {
        Uri url = request.BaseUrl;
        if (!url.IsAbsoluteUri)
        {
            // "scim.zscalertwo.net/..." is a typo, not an insecure address.
            throw new ZiaException("ScimInvalidBaseUrl", ErrorCategory.InvalidArgument,
                "-BaseUrl has no scheme (https://) in front, so it is not an address. Give it as Get-ZiaScimBaseUrl returns it: https://scim.<cloud>.net/<orgId>/<idpId>/scim.", "BaseUrl");
        }
        if (!TransportRules.IsSafe(url))
        {
            throw new ZiaException("ScimInsecureBaseUrl", ErrorCategory.SecurityError,
                $"{TransportRules.Display(url)} is not an https address (plain http is allowed only to this machine); the bearer token would cross the network unencrypted. Use https.", "BaseUrl");
        }
        if (!SecretText.IsToken(request.Token))
        {
            throw new ZiaException("ScimInvalidBearerToken", ErrorCategory.InvalidArgument,
                request.IdentityProvider is null
                    ? "-BearerToken has a space, line break, NUL or other control or non-ASCII character, or is empty; a SCIM bearer token has none. Copy it again from the identity provider's SCIM settings (or read it with Get-ZiaScimBearerToken)."
                    : $"The SCIM bearer token of identity provider '{request.IdentityProvider.Name}' has characters a token cannot have. Create a new one with New-ZiaScimBearerToken.",
                "BearerToken");
        }
        TransportRules.CheckProxy(request.Proxy, url);

        // Each server's own limit unless -RequestsPerSecond names one.
        ScimServerKind kind = ScimEndpointForm.KindOf(url);
        double rate = request.RequestsPerSecond > 0 ? request.RequestsPerSecond : ScimEndpointForm.RequestsPerSecond(kind);
        HttpPipeline pipeline = new(
            HttpClientFactory.Create(request.Proxy, new CookieContainer()),
            ScimClient.Throttle(url, rate),
            new RetryPolicy(request.MaxRetry),
            request.Timeout,
            ScimErrors.Read)
        {
            Authorizer = new BearerTokenAuthorizer(request.Token),
        };
        return new ScimConnection(url, rate, pipeline)
        {
            Kind = kind,
            IdentityProvider = request.IdentityProvider?.Name,
            IdentityProviderId = request.IdentityProvider?.Id ?? IdentityProviderIdIn(url),
        };
    }

    /// <summary>The identity provider's id in a ZIA base URL (https://scim.&lt;cloud&gt;/&lt;orgId&gt;/&lt;idpId&gt;/scim), or null for another form.</summary>
    private static long? IdentityProviderIdIn(Uri url)
    {
        string[] parts = url.AbsolutePath.Trim('/').Split('/');
        return parts.Length == 3 && parts[2].Equals("scim", StringComparison.OrdinalIgnoreCase) && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : null;
    }
}
