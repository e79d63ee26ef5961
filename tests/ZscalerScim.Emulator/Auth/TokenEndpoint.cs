using System.Text;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Auth;

/// <summary>The OneAPI (ZIdentity) token endpoint: OAuth2 client credentials.</summary>
public static class TokenEndpoint
{
    private const string JwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(ApiPaths.Token, (HttpContext context, EmulatorState state) => IssueAsync(context, state));

    private static async Task<IResult> IssueAsync(HttpContext context, EmulatorState state)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                "The body must be application/x-www-form-urlencoded");
        }
        var form = await request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type",
                "grant_type must be client_credentials");
        }
        if (form["audience"] != JwtAssertion.Audience)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                $"audience must be {JwtAssertion.Audience}");
        }

        var error = Authenticate(request, form, state);
        if (error is not null)
        {
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", error);
        }
        var (token, lifetime) = state.IssueToken();
        return Results.Json(new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
        });
    }

    /// <summary>Null when the client proved itself; else why not.</summary>
    private static string? Authenticate(HttpRequest request, IFormCollection form, EmulatorState state)
    {
        var formClientId = form["client_id"].ToString();
        if (form.ContainsKey("client_assertion"))
        {
            if (form["client_assertion_type"] != JwtBearerAssertion)
            {
                return $"client_assertion_type must be {JwtBearerAssertion}";
            }
            var (clientId, error) = JwtAssertion.Verify(form["client_assertion"].ToString(), state, DateTimeOffset.UtcNow);
            return error ?? (formClientId.Length > 0 && formClientId != clientId
                ? "client_id differs from the assertion's iss"
                : null);
        }

        var (id, secret) = BasicCredentials(request) ?? (formClientId, form["client_secret"].ToString());
        if (id.Length == 0 || secret.Length == 0)
        {
            return "Send client_id and client_secret (form or HTTP Basic) or a client_assertion";
        }
        return state.IsSecretClient(id, secret) ? null : "Invalid client id or secret";
    }

    // RFC 6749 2.3.1: Basic credentials are form-url-encoded before base64.
    private static (string Id, string Secret)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? null
                : (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')),
                   Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
