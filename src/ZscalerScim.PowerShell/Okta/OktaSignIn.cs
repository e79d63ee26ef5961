using System;
using System.Security;
using System.Security.Cryptography;
using ZscalerScim.Http;

namespace ZscalerScim.Okta;

/// <summary>How to sign in to an Okta org: its origin, and an API token or a service app's client id and private key.</summary>
internal sealed class OktaSignIn
{
    private OktaSignIn(Uri origin, SecureString? apiToken, string? clientId, RSA? key)
    {
        Origin = origin;
        ApiToken = apiToken;
        ClientId = clientId;
        PrivateKey = key;
    }

    public static OktaSignIn WithApiToken(Uri origin, SecureString apiToken) => new(origin, apiToken, null, null);

    public static OktaSignIn WithServiceApp(Uri origin, string clientId, RSA key) => new(origin, null, clientId, key);

    /// <summary>https://acme.okta.com (scheme, host and port only).</summary>
    public Uri Origin { get; }

    public SecureString? ApiToken { get; }

    public string? ClientId { get; }

    public RSA? PrivateKey { get; }

    public ProxyOptions Proxy { get; set; } = ProxyOptions.None;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public int MaxRetry { get; set; } = RetryPolicy.DefaultMaxRetries;

    public Uri TokenUri => new(Origin, OktaWire.TokenPath);

    public string Describe() => ApiToken is not null ? "an API token (SSWS)" : $"service app {ClientId} (private key JWT)";
}
