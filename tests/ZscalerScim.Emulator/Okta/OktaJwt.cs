using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>A private key JWT client assertion as Okta takes it: RS256, iss = sub = client id, aud = the token URL, exp, jti once.</summary>
public static class OktaJwt
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The client, or why the assertion proves nothing. Call inside the state's lock (it records the jti).</summary>
    public static (OktaClient? Client, string? Error) Verify(string jwt, string audience, OktaStateView state, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload)
        {
            return (null, "The client_assertion is not a JWT.");
        }
        if (Text(header, "alg") != "RS256")
        {
            return (null, "The client_assertion must be signed with RS256.");
        }
        var issuer = Text(payload, "iss");
        if (issuer is null || Text(payload, "sub") != issuer)
        {
            return (null, "The iss and sub claims of the client_assertion must be the client id.");
        }
        if (!state.Clients.TryGetValue(issuer, out var client) || client.PublicKeyPem is null)
        {
            return (null, "The client_assertion's client is unknown or has no public key.");
        }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(client.PublicKeyPem);
            if (!rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return (null, "The client_assertion signature is invalid.");
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return (null, "The client_assertion signature is invalid.");
        }
        if (Text(payload, "aud") != audience)
        {
            return (null, $"The audience claim of the client_assertion must be {audience}.");
        }
        if (payload["exp"] is not JsonValue e1 || !e1.TryGetValue(out long exp))
        {
            return (null, "The client_assertion has no exp claim.");
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires <= now - ClockSkew || expires > now + MaxLifetime + ClockSkew)
        {
            return (null, "The client_assertion has expired or lives longer than an hour.");
        }
        if (Text(payload, "jti") is not { Length: > 0 } jti || !state.Jtis.Add(issuer + "|" + jti))
        {
            return (null, "The client_assertion's jti is missing or was used before.");
        }
        return (client, null);
    }

    internal static JsonObject? Decode(string part)
    {
        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(part)) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
