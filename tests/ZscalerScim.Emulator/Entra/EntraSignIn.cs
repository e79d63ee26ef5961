using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>
/// The Microsoft identity platform's token endpoint (client credentials: secret or certificate assertion) and the
/// managed identity endpoint of an Azure Automation sandbox.
/// </summary>
public static class EntraSignIn
{
    private const string GraphScope = "https://graph.microsoft.com/.default";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext http, EntraState entra) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return OAuthError(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
            }
            var form = await http.Request.ReadFormAsync();
            if (!tenant.Equals(entra.TenantId, StringComparison.OrdinalIgnoreCase) && !tenant.Equals("acme.example", StringComparison.OrdinalIgnoreCase))
            {
                return OAuthError(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
            }
            if (form["grant_type"] != "client_credentials")
            {
                return OAuthError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
            }
            if (form["scope"] != GraphScope)
            {
                return OAuthError(400, "invalid_scope", $"AADSTS1002012: The provided value for scope is not valid. Client credentials flows must have a scope value with /.default.");
            }
            var clientId = form["client_id"].ToString();
            if (!clientId.Equals(entra.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                return OAuthError(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory.");
            }
            string? error;
            if (form.ContainsKey("client_assertion"))
            {
                var audience = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}";
                error = form["client_assertion_type"] != JwtBearer
                    ? "AADSTS50027: client_assertion_type is not jwt-bearer."
                    : VerifyAssertion(form["client_assertion"].ToString(), clientId, audience, entra);
            }
            else
            {
                error = form["client_secret"].ToString() == entra.ClientSecret
                    ? null
                    : "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.";
            }
            if (error is not null)
            {
                return OAuthError(401, "invalid_client", error);
            }
            var (token, lifetime) = entra.IssueToken();
            return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = lifetime, ["ext_expires_in"] = lifetime, ["access_token"] = token });
        });

        app.MapGet(EntraPaths.ManagedIdentity, (HttpContext http, EntraState entra) =>
        {
            var query = http.Request.Query;
            if (http.Request.Headers["X-IDENTITY-HEADER"] != entra.IdentityHeader)
            {
                return OAuthError(401, "invalid_request", "The X-IDENTITY-HEADER header is missing or wrong.");
            }
            if (query["api-version"] != "2019-08-01")
            {
                return OAuthError(400, "invalid_request", "api-version must be 2019-08-01.");
            }
            var resource = query["resource"].ToString();
            if (resource.TrimEnd('/') != "https://graph.microsoft.com")
            {
                return OAuthError(400, "invalid_resource", $"The resource '{resource}' is not known.");
            }
            if (query.ContainsKey("client_id") && !query["client_id"].ToString().Equals(entra.ManagedIdentityClientId, StringComparison.OrdinalIgnoreCase))
            {
                return OAuthError(400, "invalid_request", "No user-assigned managed identity with that client_id is assigned to this account.");
            }
            var (token, lifetime) = entra.IssueToken();
            return Results.Json(new JsonObject
            {
                ["access_token"] = token,
                ["expires_on"] = DateTimeOffset.UtcNow.AddSeconds(lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = query.ContainsKey("client_id") ? entra.ManagedIdentityClientId : "system-assigned",
            });
        });
    }

    /// <summary>Null when the assertion proves the client; else the AADSTS-style reason.</summary>
    private static string? VerifyAssertion(string jwt, string clientId, string audience, EntraState entra)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload)
        {
            return "AADSTS50027: JWT token is invalid or malformed.";
        }
        if (Text(header, "alg") != "RS256")
        {
            return "AADSTS5002723: the assertion must be signed with RS256.";
        }
        if (Text(header, "x5t") is not { } x5t || entra.CertificateKey(x5t) is not { } pem)
        {
            return "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.";
        }
        using (var rsa = RSA.Create())
        {
            rsa.ImportFromPem(pem);
            bool valid;
            try
            {
                valid = rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            catch (FormatException)
            {
                valid = false;
            }
            if (!valid)
            {
                return "AADSTS7000274: Key was found, but use of the key to verify the signature failed.";
            }
        }
        if (Text(payload, "iss") != clientId || Text(payload, "sub") != clientId)
        {
            return "AADSTS700021: iss and sub of the client assertion must both be the client id.";
        }
        if (Text(payload, "aud") is not { } aud || !aud.Equals(audience, StringComparison.OrdinalIgnoreCase))
        {
            return $"AADSTS700212: No matching federated identity record found for presented assertion audience '{Text(payload, "aud")}'; it must be the token endpoint {audience}.";
        }
        var now = DateTimeOffset.UtcNow;
        if (Number(payload, "exp") is not { } exp || DateTimeOffset.FromUnixTimeSeconds(exp) < now - Skew)
        {
            return "AADSTS700024: Client assertion is not within its valid time range (exp).";
        }
        if (Number(payload, "nbf") is not { } nbf || DateTimeOffset.FromUnixTimeSeconds(nbf) > now + Skew)
        {
            return "AADSTS700024: Client assertion is not within its valid time range (nbf).";
        }
        if (Text(payload, "jti") is not { Length: > 0 } jti || !entra.TryUseJti(jti))
        {
            return "AADSTS700023: The client assertion's jti is missing or was used before.";
        }
        return null;
    }

    private static JsonObject? Decode(string part)
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

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? Number(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue(out long n) ? n : null;

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new JsonObject
        {
            ["error"] = error,
            ["error_description"] = description,
            ["error_codes"] = new JsonArray(),
            ["timestamp"] = DateTime.UtcNow.ToString("u"),
        }, statusCode: status);
}
