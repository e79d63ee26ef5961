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

    // System Log (/api/v1/logs): a query is always bounded by until, or Okta keeps returning a next link (it polls forever).
    public const string LogsPath = "api/v1/logs";
    public const int LogPageSize = 1000;
    public const string Published = "published", EventType = "eventType", Outcome = "outcome", Result = "result", Reason = "reason",
        DisplayMessage = "displayMessage", Severity = "severity", Target = "target", Type = "type", AlternateId = "alternateId", Uuid = "uuid";
    public const string Failure = "FAILURE";

    /// <summary>The Zscaler app's provisioning events (user and group push) in the System Log.</summary>
    public static readonly string[] ProvisioningEvents =
    {
        "application.provision.user.push", "application.provision.user.push_profile", "application.provision.user.deactivate",
        "application.provision.user.reactivate", "application.provision.user.verify_exists",
        "application.provision.group.add", "application.provision.group.update", "application.provision.group.remove",
        "application.provision.group_membership.add", "application.provision.group_membership.remove",
    };

    public const string AuthenticationFailure = "application.integration.authentication_failure";

    /// <summary>The app's integration faults: the SCIM server refused Okta's token, throttled it, or failed.</summary>
    public static readonly string[] IntegrationEvents =
    {
        AuthenticationFailure, "application.integration.rate_limit_exceeded", "application.integration.general_failure",
    };

    /// <summary>Okta's time format for since and until (ISO 8601, UTC, milliseconds).</summary>
    public static string Time(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>target.id eq "app" and (eventType eq "a" or ...): a string literal in double quotes, a quote escaped.</summary>
    public static string Logs(string appId, System.Collections.Generic.IEnumerable<string> eventTypes, DateTime since, DateTime until)
    {
        string types = string.Join(" or ", System.Linq.Enumerable.Select(eventTypes, t => $"{EventType} eq {Quote(t)}"));
        string filter = $"target.id eq {Quote(appId)} and ({types})";
        return $"{LogsPath}?since={Uri.EscapeDataString(Time(since))}&until={Uri.EscapeDataString(Time(until))}&filter={Uri.EscapeDataString(filter)}&sortOrder=ASCENDING&limit={LogPageSize}";
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // App users (/api/v1/apps/{appId}/users): each one's syncState (DISABLED, ERROR, OUT_OF_SYNC, SYNCHRONIZED, SYNCING) and lastSync.
    public const int AppUserPageSize = 500;
    public const string SyncState = "syncState", LastSync = "lastSync", LastUpdated = "lastUpdated", Credentials = "credentials", UserName = "userName",
        SyncError = "ERROR", OutOfSync = "OUT_OF_SYNC";

    public static string AppUsers(string appId) => $"{App(appId)}/users?limit={AppUserPageSize}";

    public static JObject ConnectionBody(string baseUrl, string token) => new()
    {
        [BaseUrl] = baseUrl,
        [Profile] = new JObject { [AuthScheme] = TokenAuthScheme, [Token] = token },
    };

    /// <summary>The scheme is in profile.authScheme (and, for TOKEN, also at the top).</summary>
    public static string? ReadAuthScheme(JToken connection) =>
        (string?)connection[Profile]?[AuthScheme] ?? (string?)connection[AuthScheme];
}
