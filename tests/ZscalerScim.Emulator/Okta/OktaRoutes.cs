using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZscalerScim.Emulator.Okta;

/// <summary>Okta's Apps and Application Connections API, as far as a Zscaler 2.0 provisioning connection needs it.</summary>
public static partial class OktaRoutes
{
    private static readonly string[] TokenConnectionApps = ["okta_org2org", OktaState.ZscalerAppName];

    public static void Map(WebApplication okta, OktaState state, Func<string> origin)
    {
        okta.MapPost("/oauth2/v1/token", (HttpRequest request) => OktaAuth.TokenAsync(request.HttpContext, state, origin()));

        okta.MapGet("/api/v1/apps", (HttpContext context, string? q, string? filter) =>
            OktaAuth.Check(context, state, write: false) ?? List(state, origin(), q, filter));

        okta.MapGet("/api/v1/apps/{id}", (HttpContext context, string id) =>
            OktaAuth.Check(context, state, write: false) ?? WithApp(state, id, app => Results.Json(app.ToJson(origin()))));

        okta.MapGet("/api/v1/apps/{id}/connections/default", (HttpContext context, string id) =>
            OktaAuth.Check(context, state, write: false) ?? WithApp(state, id, app => SupportsToken(app)
                ? Results.Json(app.ConnectionJson(origin()))
                : OktaErrors.NotFound("default (ProvisioningConnection)")));

        okta.MapPost("/api/v1/apps/{id}/connections/default", async (HttpContext context, string id, string? activate) =>
        {
            if (OktaAuth.Check(context, state, write: true) is { } denied)
            {
                return denied;
            }
            JsonObject? body;
            try
            {
                body = context.Request.HasJsonContentType() ? await JsonNode.ParseAsync(context.Request.Body) as JsonObject : null;
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body is null)
            {
                return OktaErrors.Api(400, "E0000003", "The request body was not well-formed.");
            }
            return WithApp(state, id, app => SetConnection(app, body, string.Equals(activate, "true", StringComparison.OrdinalIgnoreCase), origin()));
        });

        okta.MapPost("/api/v1/apps/{id}/connections/default/lifecycle/{action}", (HttpContext context, string id, string action) =>
            OktaAuth.Check(context, state, write: true) ?? WithApp(state, id, app =>
            {
                if (action is not ("activate" or "deactivate"))
                {
                    return OktaErrors.NotFound(action);
                }
                if (!SupportsToken(app) || app.AuthScheme is null)
                {
                    return OktaErrors.Invalid("connection", "The app has no provisioning connection to activate or deactivate.");
                }
                app.Enabled = action == "activate";
                return Results.NoContent();
            }));

        okta.MapFallback(() => OktaErrors.NotFound("path"));
    }

    private static bool SupportsToken(OktaApp app) => TokenConnectionApps.Contains(app.Name);

    /// <summary>Only the two token apps take one; zscalerbyz needs a baseUrl. activate=true enables; otherwise the status stays.</summary>
    private static IResult SetConnection(OktaApp app, JsonObject body, bool activate, string origin)
    {
        if (!SupportsToken(app))
        {
            return OktaErrors.Invalid("profile", $"Token-based provisioning connections are supported only for the {string.Join(" and ", TokenConnectionApps)} apps.");
        }
        var profile = body["profile"] as JsonObject;
        if (Text(profile?["authScheme"]) != "TOKEN")
        {
            return OktaErrors.Invalid("profile.authScheme", "authScheme: The authentication scheme must be TOKEN for this app.");
        }
        if (Text(profile!["token"]) is not { Length: > 0 } token)
        {
            return OktaErrors.Invalid("profile.token", "token: The token is required.");
        }
        var baseUrl = Text(body["baseUrl"]);
        if (app.Name == OktaState.ZscalerAppName && string.IsNullOrWhiteSpace(baseUrl))
        {
            return OktaErrors.Invalid("baseUrl", "baseUrl: The Zscaler base URL is required.");
        }
        app.AuthScheme = "TOKEN";
        app.Token = token;
        app.BaseUrl = baseUrl;
        app.Enabled |= activate;
        // 200, as the current specification documents (an older Okta answered 201).
        return Results.Json(app.ConnectionJson(origin));
    }

    private static IResult List(OktaState state, string origin, string? q, string? filter)
    {
        (string Field, string Value)? condition = null;
        if (filter is not null)
        {
            var m = FilterPattern().Match(filter);
            if (!m.Success)
            {
                return OktaErrors.Api(400, "E0000031", "Invalid search criteria.");
            }
            condition = (m.Groups[1].Value, m.Groups[2].Value);
        }
        return state.With(view => Results.Json(new JsonArray([.. view.Apps
            .Where(a => q is null || a.Label.StartsWith(q, StringComparison.OrdinalIgnoreCase) || a.Name.StartsWith(q, StringComparison.OrdinalIgnoreCase))
            .Where(a => condition is not { } c || (c.Field == "name" ? a.Name == c.Value : c.Value == "ACTIVE"))
            .Select(a => (JsonNode)a.ToJson(origin))])));
    }

    private static IResult WithApp(OktaState state, string id, Func<OktaApp, IResult> act) =>
        state.With(view => view.Apps.FirstOrDefault(a => a.Id == id) is { } app ? act(app) : OktaErrors.NotFound($"{id} (AppInstance)"));

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    [GeneratedRegex("^\\s*(name|status)\\s+eq\\s+\"([^\"]*)\"\\s*$")]
    private static partial Regex FilterPattern();
}
