using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ZscalerScim.Conformance;

/// <summary>Compact JWS as RFC 7515 writes it: RS256 client assertions and DPoP proofs (RFC 9449) signed with ES256 or RS256.</summary>
public static class Jws
{
    public static string Sign(JsonObject header, JsonObject claims, AsymmetricAlgorithm key)
    {
        var signingInput = $"{B64(header.ToJsonString())}.{B64(claims.ToJsonString())}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = key switch
        {
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256),
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("RSA or ECDsa", nameof(key)),
        };
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The public key as a JWK (RFC 7517).</summary>
    public static JsonObject PublicJwk(AsymmetricAlgorithm key)
    {
        if (key is ECDsa ec)
        {
            var p = ec.ExportParameters(false);
            return new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y) };
        }
        var r = ((RSA)key).ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(r.Modulus), ["e"] = Base64Url.EncodeToString(r.Exponent) };
    }

    /// <summary>
    /// A DPoP proof for <paramref name="method"/> <paramref name="url"/>: header typ dpop+jwt with the jwk of
    /// <paramref name="jwkOf"/> (the signing key unless another is given), claims jti, htm, htu, iat and, when given, ath and nonce.
    /// </summary>
    public static string Proof(AsymmetricAlgorithm key, string method, string url, string? accessToken = null, string? nonce = null,
        DateTimeOffset? issued = null, AsymmetricAlgorithm? jwkOf = null)
    {
        var header = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = key is ECDsa ? "ES256" : "RS256", ["jwk"] = PublicJwk(jwkOf ?? key) };
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["htm"] = method,
            ["htu"] = url,
            ["iat"] = (issued ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
        {
            claims["ath"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }
        return Sign(header, claims, key);
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
