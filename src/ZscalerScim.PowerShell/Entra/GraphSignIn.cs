using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Http;

namespace ZscalerScim.Entra;

/// <summary>How the module signs in to Microsoft Graph.</summary>
internal enum GraphSignInMethod
{
    /// <summary>A token the caller already has (Get-AzAccessToken -AsSecureString); it cannot be renewed.</summary>
    AccessToken,

    /// <summary>Client credentials with a client secret.</summary>
    ClientSecret,

    /// <summary>Client credentials with a certificate: the key signs an RS256 client assertion.</summary>
    Certificate,

    /// <summary>The managed identity of an Azure Automation account (IDENTITY_ENDPOINT, IDENTITY_HEADER).</summary>
    ManagedIdentity,
}

/// <summary>Everything GraphConnector needs to sign in, gathered from the cmdlet's parameters and environment.</summary>
internal sealed class GraphSignIn
{
    public GraphSignIn(GraphSignInMethod method) => Method = method;

    public GraphSignInMethod Method { get; }

    public Uri GraphEndpoint { get; set; } = new(GraphWire.DefaultGraph);

    public Uri LoginEndpoint { get; set; } = new(GraphWire.DefaultLogin);

    public SecureString? AccessToken { get; set; }

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public SecureString? ClientSecret { get; set; }

    public X509Certificate2? Certificate { get; set; }

    /// <summary>A user-assigned managed identity's client id; null for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>$env:IDENTITY_ENDPOINT, read by the cmdlet.</summary>
    public Uri? IdentityEndpoint { get; set; }

    /// <summary>$env:IDENTITY_HEADER, read by the cmdlet: a secret of the sandbox.</summary>
    public SecureString? IdentityHeader { get; set; }

    public ProxyOptions Proxy { get; set; } = ProxyOptions.None;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public int MaxRetry { get; set; } = RetryPolicy.DefaultMaxRetries;

    /// <summary>Reads IDENTITY_ENDPOINT and IDENTITY_HEADER (left null when unset or not an address; ConnectAsync then explains).</summary>
    public void ReadManagedIdentityEnvironment(Func<string, string?> environment)
    {
        if (Uri.TryCreate(environment(GraphWire.IdentityEndpointVariable), UriKind.Absolute, out Uri? endpoint))
        {
            IdentityEndpoint = endpoint;
        }
        if (environment(GraphWire.IdentityHeaderVariable) is { Length: > 0 } header)
        {
            IdentityHeader = Internal.SecretText.Protect(header);
        }
    }

    /// <summary>The token endpoint of client credentials: &lt;login&gt;/&lt;tenant&gt;/oauth2/v2.0/token.</summary>
    public Uri TokenUri => new(new Uri(LoginEndpoint.ToString().TrimEnd('/') + "/"), GraphWire.TokenPath(TenantId ?? string.Empty));

    public override string ToString() => Method switch
    {
        GraphSignInMethod.AccessToken => "an access token",
        GraphSignInMethod.ClientSecret => $"client {ClientId} (client secret) of tenant {TenantId}",
        GraphSignInMethod.Certificate => $"client {ClientId} (certificate {Certificate?.Thumbprint}) of tenant {TenantId}",
        _ => ManagedIdentityClientId is null ? "the system-assigned managed identity" : $"the managed identity {ManagedIdentityClientId}",
    };
}
