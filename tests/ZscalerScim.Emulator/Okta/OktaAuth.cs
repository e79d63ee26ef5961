using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>Who may call the management API: the API token (SSWS), or an access token with the right scope.</summary>
public static class OktaAuth
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Null when allowed; else the 401 or 403 answer. Writes need okta.apps.manage, reads either apps scope.</summary>
    public static IResult? Check(HttpContext context, OktaState state, bool write)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("SSWS ", StringComparison.Ordinal))
        {
            return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header[5..]), System.Text.Encoding.UTF8.GetBytes(state.ApiToken))
                ? null : OktaErrors.InvalidToken();
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return OktaErrors.InvalidToken();
        }
        var token = header[7..];
        var found = state.With(v => v.Tokens.TryGetValue(token, out var t) ? t : null);
        if (found is null || found.Expires <= DateTimeOffset.UtcNow)
        {
            return OktaErrors.InvalidToken();
        }
        var allowed = found.Scopes.Contains("okta.apps.manage") || (!write && found.Scopes.Contains("okta.apps.read"));
        if (!allowed)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\"";
            return OktaErrors.Forbidden();
        }
        return null;
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
        if (state.RequireDpop && !request.Headers.ContainsKey("DPoP"))
        {
            return OktaErrors.OAuth(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
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
        var now = DateTimeOffset.UtcNow;
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
            view.Tokens[token] = new OktaAccessToken(client.ClientId, scopes, now.AddHours(1));
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["access_token"] = token,
                ["scope"] = string.Join(' ', scopes),
            });
        });
    }
}
