using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Okta;

/// <summary>/_emulator/okta on the ZIA origin: the Okta org's state (never a token), config, service apps, its request log, and a connection check.</summary>
public static class OktaControl
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static void Map(IEndpointRouteBuilder app, OktaServer okta)
    {
        var control = app.MapGroup(ApiPaths.Control + "/okta");
        var state = okta.State;

        control.MapGet("/state", () => Results.Json(new JsonObject
        {
            ["origin"] = okta.Origin,
            ["config"] = state.ConfigJson(),
            ["rateLimited"] = state.RateLimitedJson(),
            ["apps"] = state.With(v => new JsonArray([.. v.Apps.Select(a =>
            {
                var json = a.ToJson(okta.Origin);
                json["connection"] = a.ConnectionJson(okta.Origin);
                json["connection"]!["hasToken"] = a.Token is not null;
                return (JsonNode)json;
            })])),
        }));

        control.MapPut("/config", async (HttpContext context) =>
            await JsonBody.ReadLenientAsync(context.Request) is { } body
                ? Results.Json(state.UpdateConfig(body))
                : ZiaErrors.InvalidInput("The body must be a JSON object"));

        control.MapGet("/secrets", () => Results.Json(new JsonObject
        {
            ["apiToken"] = state.ApiToken,
            ["accessTokens"] = state.With(v => new JsonArray([.. v.Tokens.Keys.Select(k => (JsonNode)k)])),
        }));

        // Registers (or replaces) a service app: {"clientId","publicKeyPem","scopes":[...]}, scopes defaulting to okta.apps.read and okta.apps.manage.
        control.MapPost("/clients", async (HttpContext context) =>
        {
            var body = await JsonBody.ReadLenientAsync(context.Request);
            if (body?["clientId"]?.GetValue<string>() is not { Length: > 0 } clientId || body["publicKeyPem"]?.GetValue<string>() is not { Length: > 0 } pem)
            {
                return ZiaErrors.InvalidInput("clientId and publicKeyPem are required");
            }
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                return ZiaErrors.InvalidInput("publicKeyPem is not an RSA public key in PEM");
            }
            string[] scopes = body["scopes"] is JsonArray list ? [.. list.Select(s => s!.GetValue<string>())] : OktaState.ManagementScopes;
            state.With(v => v.Clients[clientId] = new OktaClient(clientId, pem, scopes));
            return Results.Json(new JsonObject { ["clientId"] = clientId });
        });

        control.MapPost("/apps", async (HttpContext context) =>
        {
            var body = await JsonBody.ReadLenientAsync(context.Request);
            if (body?["name"]?.GetValue<string>() is not { Length: > 0 } name || body["label"]?.GetValue<string>() is not { Length: > 0 } label)
            {
                return ZiaErrors.InvalidInput("name and label are required");
            }
            return Results.Json(state.AddApp(name, label).ToJson(okta.Origin));
        });

        control.MapGet("/requests", () => Results.Json(okta.Log.ToJson()));
        control.MapDelete("/requests", () =>
        {
            okta.Log.Clear();
            return Results.NoContent();
        });

        // Does the stored token open the stored base URL's SCIM server? A real SCIM call, as Okta's own test makes; the token is never answered.
        control.MapGet("/apps/{id}/check", async (string id) =>
        {
            var stored = state.With(v => v.Apps.FirstOrDefault(a => a.Id == id) is { } a ? (a.BaseUrl, a.Token, Found: true) : (null, null, Found: false));
            if (!stored.Found)
            {
                return ZiaErrors.NotFound("No such Okta app");
            }
            var result = new JsonObject { ["appId"] = id, ["baseUrl"] = stored.BaseUrl, ["hasToken"] = stored.Token is not null };
            if (stored.BaseUrl is null || stored.Token is null)
            {
                result["tokenWorks"] = false;
                result["detail"] = "no connection stored";
                return Results.Json(result);
            }
            var scim = ScimUrl(stored.BaseUrl, okta.ZiaOrigin);
            result["scimUrl"] = scim;
            using var request = new HttpRequestMessage(HttpMethod.Get, scim.TrimEnd('/') + "/Users?count=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stored.Token);
            try
            {
                using var response = await Http.SendAsync(request);
                result["scimStatus"] = (int)response.StatusCode;
                result["tokenWorks"] = response.IsSuccessStatusCode;
            }
            catch (HttpRequestException e)
            {
                result["tokenWorks"] = false;
                result["detail"] = e.Message;
            }
            return Results.Json(result);
        });
    }

    /// <summary>A full URL is used as it is; the path form /orgId/idpId/ is what Okta's console prefixes with the Zscaler cloud (here: the emulator's SCIM origin).</summary>
    private static string ScimUrl(string baseUrl, string ziaOrigin) =>
        baseUrl.StartsWith('/') ? $"{ziaOrigin}{baseUrl.TrimEnd('/')}/scim" : baseUrl;
}
