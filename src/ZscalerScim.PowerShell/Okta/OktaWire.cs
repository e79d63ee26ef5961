using System;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Okta;

/// <summary>Okta's management API names (Apps, Application Connections, OAuth for service apps), in one place.</summary>
internal static class OktaWire
{
    public const string TokenPath = "oauth2/v1/token";
    public const string AppsPath = "api/v1/apps";

    /// <summary>The Zscaler 2.0 app: with Okta Org2Org, the only app type Okta takes token connections for.</summary>
    public const string ZscalerAppName = "zscalerbyz";

    public const string Scopes = "okta.apps.read okta.apps.manage";
    public const string ApiTokenScheme = "SSWS";
    public const string TokenAuthScheme = "TOKEN";
    public const string Enabled = "ENABLED";

    // App fields.
    public const string Id = "id", Name = "name", Label = "label";

    // Connection fields: {"baseUrl", "profile": {"authScheme", "token"}, "status"}.
    public const string BaseUrl = "baseUrl", Profile = "profile", AuthScheme = "authScheme", Token = "token", Status = "status";

    // Okta's OAuth error when the service app requires DPoP proofs (and its nonce round).
    public const string DpopRequired = "invalid_dpop_proof", DpopNonce = "use_dpop_nonce";

    public static string App(string appId) => $"{AppsPath}/{Uri.EscapeDataString(appId)}";

    public static string Connection(string appId) => $"{App(appId)}/connections/default";

    public static string Activate(string appId) => $"{Connection(appId)}/lifecycle/activate";

    public static string Search(string label) => $"{AppsPath}?q={Uri.EscapeDataString(label)}&limit=200";

    public static string ZscalerApps() => $"{AppsPath}?filter={Uri.EscapeDataString($"name eq \"{ZscalerAppName}\"")}&limit=200";

    public static JObject ConnectionBody(string baseUrl, string token) => new()
    {
        [BaseUrl] = baseUrl,
        [Profile] = new JObject { [AuthScheme] = TokenAuthScheme, [Token] = token },
    };

    /// <summary>The scheme is in profile.authScheme (and, for TOKEN, also at the top).</summary>
    public static string? ReadAuthScheme(JToken connection) =>
        (string?)connection[Profile]?[AuthScheme] ?? (string?)connection[AuthScheme];
}
