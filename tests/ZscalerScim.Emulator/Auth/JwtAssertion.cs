using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Auth;

/// <summary>
/// A private-key client assertion (RFC 7523) as ZIdentity takes it: RS256, iss = sub = client id,
/// aud = https://api.zscaler.com, exp in the future (at most an hour ahead), jti used once.
/// </summary>
public static class JwtAssertion
{
    public const string Audience = "https://api.zscaler.com";
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The client id the assertion proves, or the reason it proves nothing.</summary>
    public static (string? ClientId, string? Error) Verify(string jwt, EmulatorState state, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return (null, "client_assertion is not a JWT (header.payload.signature)");
        }
        if (DecodeObject(parts[0]) is not { } header || DecodeObject(parts[1]) is not { } payload)
        {
            return (null, "client_assertion header or payload is not base64url JSON");
        }
        if (Text(header, "alg") != "RS256")
        {
            return (null, "client_assertion must be signed with RS256");
        }

        var issuer = Text(payload, "iss");
        if (issuer is null || Text(payload, "sub") != issuer)
        {
            return (null, "iss and sub must both be the client id");
        }
        if (state.FindClientPublicKey(issuer) is not { } publicKeyPem)
        {
            return (null, "unknown client (no public key registered)");
        }
        if (!SignatureIsValid(parts, publicKeyPem))
        {
            return (null, "client_assertion signature does not verify with the registered public key");
        }

        if (!HasAudience(payload))
        {
            return (null, $"aud must be {Audience}");
        }
        if (payload["exp"] is not JsonValue expValue || !expValue.TryGetValue(out long exp))
        {
            return (null, "exp is missing");
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires <= now - ClockSkew)
        {
            return (null, "client_assertion has expired");
        }
        if (expires > now + MaxLifetime + ClockSkew)
        {
            return (null, "exp is more than an hour ahead");
        }
        if (Text(payload, "jti") is not { Length: > 0 } jti)
        {
            return (null, "jti is missing");
        }
        if (!state.TryUseJti(issuer, jti, expires + ClockSkew))
        {
            return (null, "jti was used before");
        }
        return (issuer, null);
    }

    private static bool SignatureIsValid(string[] parts, string publicKeyPem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(publicKeyPem);
            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            return rsa.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool HasAudience(JsonObject payload) =>
        payload["aud"] switch
        {
            JsonValue value => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == Audience,
            JsonArray values => values.Any(v => v is JsonValue value
                && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == Audience),
            _ => false,
        };

    private static JsonObject? DecodeObject(string part)
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

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
