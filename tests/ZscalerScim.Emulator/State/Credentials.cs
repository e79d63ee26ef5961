using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

/// <summary>The tenant's secrets, random per start so that no test can depend on fixed values.</summary>
public sealed record Credentials(
    string Username, string Password, string ApiKey, string ClientId, string ClientSecret, string VanityDomain)
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static Credentials Generate() => new(
        Username: "admin@acme.example",
        Password: RandomNumberGenerator.GetString(Alphanumeric, 20),
        // The legacy obfuscation reads key[0..11]: a real key has exactly 12 characters.
        ApiKey: RandomNumberGenerator.GetString(Alphanumeric, 12),
        ClientId: RandomNumberGenerator.GetString(LowerAlphanumeric, 24),
        ClientSecret: RandomNumberGenerator.GetString(Alphanumeric, 40),
        VanityDomain: "acme");

    /// <summary>The handshake line: the first line on stdout, field order as in the README.</summary>
    public JsonObject ToHandshake(string baseUri, long orgId) => new()
    {
        ["baseUri"] = baseUri,
        ["username"] = Username,
        ["password"] = Password,
        ["apiKey"] = ApiKey,
        ["clientId"] = ClientId,
        ["clientSecret"] = ClientSecret,
        ["vanityDomain"] = VanityDomain,
        ["orgId"] = orgId,
    };
}
