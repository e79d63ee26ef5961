using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>
/// DPoP proofs (RFC 9449) as Okta checks them (developer.okta.com/docs/guides/dpop): a JWT of type dpop+jwt signed by the
/// key in its own jwk header, for this method (htm) and URL (htu), fresh (iat), used once (jti); at the token endpoint
/// with the nonce Okta handed out, on API calls with ath, the hash of the access token the key is bound to.
/// </summary>
public static class OktaDpop
{
    public const string Header = "DPoP";
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(10);

    /// <summary>A proof that was read and checked: the thumbprint of its key, or why it proves nothing (and whether a nonce is the cure).</summary>
    public readonly record struct Result(string? Thumbprint, string? Error, bool NeedsNonce = false);

    /// <summary>
    /// Checks the request's proof. <paramref name="accessToken"/> is given on API calls (ath must hash it); with
    /// <paramref name="requireNonce"/> (the token endpoint) the proof must carry a nonce this org issued and that has not expired.
    /// Call inside the state's lock: an accepted proof's jti is recorded.
    /// </summary>
    public static Result Verify(HttpRequest request, OktaStateView state, DateTimeOffset now, string? accessToken, bool requireNonce)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return new(null, "The DPoP proof JWT header is missing.");
        }
        if (values.Count > 1)
        {
            return new(null, "Only one DPoP proof JWT header is allowed.");
        }
        var parts = values.ToString().Split('.');
        if (parts.Length != 3 || OktaJwt.Decode(parts[0]) is not { } header || OktaJwt.Decode(parts[1]) is not { } claims)
        {
            return new(null, "The DPoP proof is not a JWT.");
        }
        if (OktaJwt.Text(header, "typ") != "dpop+jwt")
        {
            return new(null, "The DPoP proof's typ must be dpop+jwt.");
        }
        if (header["jwk"] is not JsonObject jwk || jwk.ContainsKey("d"))
        {
            return new(null, "The DPoP proof's header must carry the public key as jwk (and no private key).");
        }
        if (!SignatureHolds(OktaJwt.Text(header, "alg"), jwk, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), parts[2]))
        {
            return new(null, "The DPoP proof's signature does not verify with the key in its jwk header.");
        }
        if (OktaJwt.Text(claims, "htm") != request.Method)
        {
            return new(null, $"The DPoP proof's htm must be {request.Method}.");
        }
        var target = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        if (OktaJwt.Text(claims, "htu") is not { } htu || !Uri.TryCreate(htu, UriKind.Absolute, out var given)
            || given.GetLeftPart(UriPartial.Path) != new Uri(target).GetLeftPart(UriPartial.Path))
        {
            return new(null, $"The DPoP proof's htu must be {target}.");
        }
        if (claims["iat"] is not JsonValue iat || !iat.TryGetValue(out long issued)
            || (now - DateTimeOffset.FromUnixTimeSeconds(issued)).Duration() > Freshness)
        {
            return new(null, "The DPoP proof's iat is missing or not within five minutes of now.");
        }
        if (accessToken is not null && OktaJwt.Text(claims, "ath") != Hash(accessToken))
        {
            return new(null, "The DPoP proof's ath must be the base64url SHA-256 of the access token.");
        }
        if (requireNonce && (OktaJwt.Text(claims, "nonce") is not { } nonce || !state.Nonces.TryGetValue(nonce, out var expires) || expires <= now))
        {
            return new(null, "Authorization server requires nonce in DPoP proof.", NeedsNonce: true);
        }
        if (OktaJwt.Text(claims, "jti") is not { Length: > 0 } jti || !state.Jtis.Add("dpop|" + jti))
        {
            return new(null, "The DPoP proof's jti is missing or was used before.");
        }
        return new(Thumbprint(jwk), null);
    }

    /// <summary>A new nonce for the DPoP-Nonce header; call inside the state's lock.</summary>
    public static string IssueNonce(OktaStateView state, DateTimeOffset now)
    {
        foreach (var old in state.Nonces.Where(n => n.Value <= now).Select(n => n.Key).ToList())
        {
            state.Nonces.Remove(old);
        }
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        state.Nonces[nonce] = now + NonceLifetime;
        return nonce;
    }

    /// <summary>ath: base64url SHA-256 of the token's ASCII bytes.</summary>
    public static string Hash(string accessToken) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    /// <summary>RFC 7638: SHA-256 of the key's required members in lexicographic order, base64url.</summary>
    public static string Thumbprint(JsonObject jwk)
    {
        string[] members = OktaJwt.Text(jwk, "kty") == "EC" ? ["crv", "kty", "x", "y"] : ["e", "kty", "n"];
        var canonical = "{" + string.Join(",", members.Select(m => $"\"{m}\":\"{OktaJwt.Text(jwk, m)}\"")) + "}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // The algorithms Okta lists in dpop_signing_alg_values_supported.
    private static bool SignatureHolds(string? alg, JsonObject jwk, byte[] signed, string signature)
    {
        try
        {
            var sig = Base64Url.DecodeFromChars(signature);
            var hash = alg?[2..] switch { "256" => HashAlgorithmName.SHA256, "384" => HashAlgorithmName.SHA384, "512" => HashAlgorithmName.SHA512, _ => default };
            if (hash == default)
            {
                return false;
            }
            switch (alg![..2], OktaJwt.Text(jwk, "kty"))
            {
                case ("RS", "RSA"):
                    using (var rsa = RSA.Create(new RSAParameters { Modulus = Member(jwk, "n"), Exponent = Member(jwk, "e") }))
                    {
                        return rsa.VerifyData(signed, sig, hash, RSASignaturePadding.Pkcs1);
                    }
                case ("ES", "EC"):
                    var curve = OktaJwt.Text(jwk, "crv") switch
                    {
                        "P-256" when alg == "ES256" => ECCurve.NamedCurves.nistP256,
                        "P-384" when alg == "ES384" => ECCurve.NamedCurves.nistP384,
                        "P-521" when alg == "ES512" => ECCurve.NamedCurves.nistP521,
                        _ => throw new CryptographicException("curve and alg do not match"),
                    };
                    using (var ec = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Member(jwk, "x"), Y = Member(jwk, "y") } }))
                    {
                        return ec.VerifyData(signed, sig, hash);
                    }
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static byte[] Member(JsonObject jwk, string name) =>
        Base64Url.DecodeFromChars(OktaJwt.Text(jwk, name) ?? throw new FormatException($"jwk has no {name}"));
}
