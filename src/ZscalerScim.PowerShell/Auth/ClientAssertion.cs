using System;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Auth;

/// <summary>The RS256 JWT a private-key OneAPI client signs instead of sending a secret (RFC 7523).</summary>
internal static class ClientAssertion
{
    public const string Audience = "https://api.zscaler.com";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    // Zscaler's Go SDK signs for 10 minutes.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static string Create(string clientId, RSA key, DateTimeOffset now) => Sign(clientId, key, now, Audience, null, notBefore: false);

    /// <summary>An assertion for another authorization server (Okta wants its token URL as the audience).</summary>
    public static string Create(string clientId, RSA key, DateTimeOffset now, string audience) => Sign(clientId, key, now, audience, null, notBefore: false);

    /// <summary>
    /// An assertion for another token endpoint: the Microsoft identity platform wants aud = its token URL, nbf, and the
    /// certificate's SHA-1 thumbprint as the header's x5t (base64url) to find the key.
    /// </summary>
    public static string Create(string clientId, RSA key, DateTimeOffset now, string audience, byte[]? thumbprint) =>
        Sign(clientId, key, now, audience, thumbprint, notBefore: true);

    private static string Sign(string clientId, RSA key, DateTimeOffset now, string audience, byte[]? thumbprint, bool notBefore)
    {
        JObject header = new() { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (thumbprint is not null)
        {
            header["x5t"] = Base64Url(thumbprint);
        }
        JObject payload = new()
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(Lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (notBefore)
        {
            payload["nbf"] = now.ToUnixTimeSeconds();
        }
        string signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToString(Formatting.None))) + "." +
                              Base64Url(Encoding.UTF8.GetBytes(payload.ToString(Formatting.None)));
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
