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

        // Assigns a user to an app: {"userName"}. Okta pushes it at the next push.
        control.MapPost("/apps/{id}/users", async (string id, HttpContext context) =>
        {
            var body = await JsonBody.ReadLenientAsync(context.Request);
            if (body?["userName"]?.ToString() is not { Length: > 0 } userName)
            {
                return ZiaErrors.InvalidInput("userName is required");
            }
            var user = state.With(v => v.Apps.FirstOrDefault(a => a.Id == id) is { } app ? Assign(app, userName) : null);
            return user is null ? ZiaErrors.NotFound("No such Okta app") : Results.Json(user.ToJson(okta.Origin, id));
        });

        // One push of every assigned user to the app's SCIM server, as Okta's provisioning does, recorded in the System Log.
        control.MapPost("/apps/{id}/push", async (string id) =>
            state.With(v => v.Apps.FirstOrDefault(a => a.Id == id)) is { } app
                ? Results.Json(await PushAsync(state, app, okta.ZiaOrigin))
                : ZiaErrors.NotFound("No such Okta app"));

        // Breaks the Okta link (the seeded Zscaler app by default): "staleToken": ZIA's token was rotated but Okta keeps the
        // old one (its token is replaced by one ZIA never issued), and a push runs, so Okta logs authentication_failure.
        control.MapPost("/break", async (HttpContext context) =>
        {
            var body = await JsonBody.ReadLenientAsync(context.Request);
            var app = body?["appId"]?.ToString() is { } appId ? state.With(v => v.Apps.FirstOrDefault(a => a.Id == appId)) : state.ZscalerApp;
            if (app is null || body?["fault"]?.ToString() != "staleToken")
            {
                return ZiaErrors.InvalidInput("fault must be staleToken, appId an app's id");
            }
            state.With(v => app.Token = "stale-" + Guid.NewGuid().ToString("N"));
            return Results.Json(await PushAsync(state, app, okta.ZiaOrigin));
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

    private static OktaAppUser Assign(OktaApp app, string userName)
    {
        var user = new OktaAppUser("00u" + RandomNumberGenerator.GetHexString(17, lowercase: true), userName);
        app.Users.Add(user);
        return user;
    }

    /// <summary>
    /// Okta's push: each assigned user is looked up by userName and created when missing. A refused token (401, 403) is
    /// an integration fault: one authentication_failure event, every user ERROR. A refused user is that user's push failure.
    /// </summary>
    private static async Task<JsonObject> PushAsync(OktaState state, OktaApp app, string ziaOrigin)
    {
        var (baseUrl, token, enabled, users) = state.With(v => (app.BaseUrl, app.Token, app.Enabled, app.Users.ToList()));
        var pushed = 0;
        var failed = 0;
        if (baseUrl is null || token is null || !enabled)
        {
            return new JsonObject { ["pushed"] = 0, ["failed"] = 0, ["detail"] = "the connection is not set or not active: Okta pushes nothing" };
        }
        var scim = ScimUrl(baseUrl, ziaOrigin);
        foreach (var user in users)
        {
            var (status, detail) = await Entra.EntraProvisioningEngine.SendAsync(HttpMethod.Get, scim, "Users?filter=" + Uri.EscapeDataString($"userName eq \"{user.UserName}\""), token, null);
            if (status == 200 && JsonNode.Parse(detail ?? "{}")?["totalResults"]?.GetValue<int>() == 0)
            {
                var body = new JsonObject
                {
                    ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
                    ["userName"] = user.UserName,
                    ["displayName"] = user.UserName,
                    ["active"] = true,
                };
                (status, detail) = await Entra.EntraProvisioningEngine.SendAsync(HttpMethod.Post, scim, "Users", token, body);
            }
            if (status is 401 or 403)
            {
                state.AddEvent(OktaSystemLog.Event(app, null, "application.integration.authentication_failure", "FAILURE",
                    $"Authentication failed: the SCIM server answered {status}", $"Authentication failure for app {app.Label}"));
                state.With(v => { foreach (var u in app.Users) { u.SyncState = "ERROR"; u.LastUpdated = DateTimeOffset.UtcNow; } return 0; });
                failed = users.Count;
                break;
            }
            var ok = status is 200 or 201 or 409;
            string? reason = ok ? null : $"Automatic provisioning of user {user.UserName} to app {app.Label} failed: Error while creating user {user.UserName}: {Detail(detail) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            state.AddEvent(OktaSystemLog.Event(app, user, "application.provision.user.push", ok ? "SUCCESS" : "FAILURE", reason,
                ok ? $"Push user {user.UserName} to {app.Label}" : $"Push user {user.UserName} to {app.Label} failed"));
            state.With(v =>
            {
                user.SyncState = ok ? "SYNCHRONIZED" : "ERROR";
                user.LastSync = ok ? DateTimeOffset.UtcNow : user.LastSync;
                user.LastUpdated = DateTimeOffset.UtcNow;
                return 0;
            });
            pushed += ok ? 1 : 0;
            failed += ok ? 0 : 1;
        }
        return new JsonObject { ["pushed"] = pushed, ["failed"] = failed };
    }

    private static string? Detail(string? json)
    {
        try
        {
            return json is null ? null : JsonNode.Parse(json)?["detail"]?.ToString();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A full URL is used as it is; the path form /orgId/idpId/ is what Okta's console prefixes with the Zscaler cloud (here: the emulator's SCIM origin).</summary>
    private static string ScimUrl(string baseUrl, string ziaOrigin) =>
        baseUrl.StartsWith('/') ? $"{ziaOrigin}{baseUrl.TrimEnd('/')}/scim" : baseUrl;
}
