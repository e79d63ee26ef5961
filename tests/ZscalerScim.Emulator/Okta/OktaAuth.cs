using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>Who may call the management API: the API token (SSWS), or an access token with the right scope.</summary>
public static class OktaAuth
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Null when allowed; else the 401 or 403 answer. Writes need okta.apps.manage, reads either apps scope. A DPoP-bound
    /// token comes as "DPoP token" with a proof of its key (ath = the token's hash); as "Bearer" it is refused.
    /// </summary>
    public static IResult? Check(HttpContext context, OktaState state, bool write)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("SSWS ", StringComparison.Ordinal))
        {
            return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header[5..]), System.Text.Encoding.UTF8.GetBytes(state.ApiToken))
                ? null : OktaErrors.InvalidToken();
        }
        var scheme = header.StartsWith("Bearer ", StringComparison.Ordinal) ? "Bearer" : header.StartsWith("DPoP ", StringComparison.Ordinal) ? "DPoP" : null;
        if (scheme is null)
        {
            return OktaErrors.InvalidToken();
        }
        var token = header[(scheme.Length + 1)..];
        var now = DateTimeOffset.UtcNow;
        var refusal = state.With<(IResult? Refused, OktaAccessToken? Found)>(view =>
        {
            if (!view.Tokens.TryGetValue(token, out var found) || found.Expires <= now)
            {
                return (OktaErrors.InvalidToken(), null);
            }
            if ((found.Jkt is null) != (scheme == "Bearer"))
            {
                return (DpopRefused(context, "invalid_token", found.Jkt is null ? "The access token is not DPoP-bound: send it as Bearer." : "The access token is DPoP-bound: send it as DPoP with a proof."), found);
            }
            if (found.Jkt is not null)
            {
                var proof = OktaDpop.Verify(context.Request, view, now, token, requireNonce: false);
                if (proof.Error is not null || proof.Thumbprint != found.Jkt)
                {
                    return (DpopRefused(context, "invalid_dpop_proof", proof.Error ?? "The DPoP proof is signed by another key than the one the access token is bound to."), found);
                }
            }
            return (null, found);
        });
        if (refusal.Refused is not null)
        {
            return refusal.Refused;
        }
        var scopes = refusal.Found!.Scopes;
        var allowed = scopes.Contains("okta.apps.manage") || (!write && scopes.Contains("okta.apps.read"));
        if (!allowed)
        {
            context.Response.Headers.WWWAuthenticate = $"{scheme} error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\"";
            return OktaErrors.Forbidden();
        }
        return null;
    }

    // RFC 9449 section 7.1: the resource server says why in WWW-Authenticate.
    private static IResult DpopRefused(HttpContext context, string error, string description)
    {
        context.Response.Headers.WWWAuthenticate = $"DPoP error=\"{error}\", error_description=\"{description}\", algs=\"RS256 RS384 RS512 ES256 ES384 ES512\"";
        return OktaErrors.InvalidToken();
    }

    /// <summary>POST /oauth2/v1/token: client credentials with a private key JWT; every scope asked must be granted.</summary>
    public static async Task<IResult> TokenAsync(HttpContext context, OktaState state, string origin)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return OktaErrors.OAuth(400, "invalid_request", "The request must be form-encoded (application/x-www-form-urlencoded).");
        }
        var form = await request.ReadFormAsync(context.RequestAborted);
        var now = DateTimeOffset.UtcNow;
        // A service app that requires DPoP needs a proof, which binds the token to its key. Without the requirement a
        // proof is ignored and the token is a Bearer one: Okta's own SDK sends a proof always and uses DPoP only once asked for a nonce.
        string? jkt = null;
        if (state.RequireDpop)
        {
            var proof = state.With(view => OktaDpop.Verify(request, view, now, accessToken: null, requireNonce: true));
            if (proof.NeedsNonce)
            {
                context.Response.Headers[OktaDpop.Header + "-Nonce"] = state.With(view => OktaDpop.IssueNonce(view, now));
                return OktaErrors.OAuth(400, "use_dpop_nonce", proof.Error!);
            }
            if (proof.Error is not null)
            {
                return OktaErrors.OAuth(400, "invalid_dpop_proof", proof.Error);
            }
            jkt = proof.Thumbprint;
        }
        if (form["grant_type"] != "client_credentials")
        {
            return OktaErrors.OAuth(400, "unsupported_grant_type", "The authorization server does not support the requested grant type.");
        }
        if (form["client_assertion_type"] != AssertionType || string.IsNullOrEmpty(form["client_assertion"]))
        {
            return OktaErrors.OAuth(401, "invalid_client", "Client authentication failed: this service app authenticates with private_key_jwt (client_assertion).");
        }
        var audience = $"{origin}/oauth2/v1/token";
        var scopes = (form["scope"].ToString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return state.With<IResult>(view =>
        {
            var (client, error) = OktaJwt.Verify(form["client_assertion"].ToString(), audience, view, now);
            if (client is null)
            {
                return OktaErrors.OAuth(401, "invalid_client", error!);
            }
            if (form.TryGetValue("client_id", out var id) && id != client.ClientId)
            {
                return OktaErrors.OAuth(401, "invalid_client", "client_id does not match the client_assertion's issuer.");
            }
            if (scopes.Length == 0)
            {
                return OktaErrors.OAuth(400, "invalid_scope", "The authorization server requires a scope for client credentials.");
            }
            var refused = scopes.Where(s => !client.Scopes.Contains(s)).ToArray();
            if (refused.Length > 0)
            {
                return OktaErrors.OAuth(400, "invalid_scope", $"The following scopes are not allowed: {string.Join(", ", refused)}");
            }
            var token = RandomNumberGenerator.GetString(Alphanumeric, 48);
            view.Tokens[token] = new OktaAccessToken(client.ClientId, scopes, now.AddHours(1), jkt);
            return Results.Json(new JsonObject
            {
                ["token_type"] = jkt is null ? "Bearer" : "DPoP",
                ["expires_in"] = 3600,
                ["access_token"] = token,
                ["scope"] = string.Join(' ', scopes),
            });
        });
    }
}
