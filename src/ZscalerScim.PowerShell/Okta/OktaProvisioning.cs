using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>
/// The provisioning connection of an Okta Zscaler 2.0 app (Application Connections API): find the app, read the connection,
/// set its base URL and bearer token, activate or deactivate it. Usable by any command that rotates the token.
/// </summary>
internal static class OktaProvisioning
{
    /// <summary>The app by id, else by exact label (Okta's q search matches label prefixes, so the exact one is picked here).</summary>
    public static async Task<OktaApp> FindAppAsync(OktaConnection okta, string? appId, string? appLabel, OperationLog log, CancellationToken cancel)
    {
        if (appId is not null)
        {
            JToken? one = await GetAsync(okta, OktaWire.App(appId), log, cancel).ConfigureAwait(false);
            return ToApp(one) ?? throw Drift(okta, "an app with an id");
        }

        JToken? found = await GetAsync(okta, OktaWire.Search(appLabel!), log, cancel).ConfigureAwait(false);
        List<OktaApp> apps = (found as JArray ?? new JArray()).Select(ToApp).Where(a => a is not null).Select(a => a!).ToList();
        List<OktaApp> exact = apps.Where(a => string.Equals(a.Label, appLabel, StringComparison.Ordinal)).ToList();
        if (exact.Count == 0)
        {
            exact = apps.Where(a => string.Equals(a.Label, appLabel, StringComparison.OrdinalIgnoreCase)).ToList();
        }
        if (exact.Count == 1)
        {
            return exact[0];
        }
        if (exact.Count > 1)
        {
            throw new ZiaException("OktaAppAmbiguous", ErrorCategory.InvalidArgument,
                $"{exact.Count} Okta apps are labeled '{appLabel}' ({string.Join(", ", exact.Select(a => $"{a.Id}: {a.Name}"))}). Pass -AppId instead.", appLabel);
        }
        string near = apps.Count == 0 ? string.Empty : $" Apps whose label starts with it: {string.Join(", ", apps.Take(5).Select(a => $"'{a.Label}'"))}.";
        throw new ZiaException("OktaAppNotFound", ErrorCategory.ObjectNotFound,
            $"No Okta app is labeled '{appLabel}' in {TransportRules.Display(okta.Origin)}.{near} Check the label (Okta Admin Console: Applications), or pass -AppId.", appLabel);
    }

    /// <summary>Every Zscaler 2.0 app of the org.</summary>
    public static async Task<IReadOnlyList<OktaApp>> ZscalerAppsAsync(OktaConnection okta, OperationLog log, CancellationToken cancel)
    {
        JToken? found = await GetAsync(okta, OktaWire.ZscalerApps(), log, cancel).ConfigureAwait(false);
        return (found as JArray ?? new JArray()).Select(ToApp).Where(a => a is not null && a.IsZscaler).Select(a => a!).ToList();
    }

    /// <summary>Okta takes bearer token connections only for Zscaler 2.0 (and Org2Org): refuse any other app before sending a token to it.</summary>
    public static void RequireZscaler(OktaApp app)
    {
        if (!app.IsZscaler)
        {
            throw new ZiaException("OktaAppNotZscaler", ErrorCategory.InvalidArgument,
                $"{app} is a '{app.Name}' app, not Zscaler 2.0 ({OktaWire.ZscalerAppName}). Okta takes a SCIM bearer token connection only on the Zscaler 2.0 app: " +
                "add 'Zscaler 2.0' from the Okta Integration Network and pass its label or id. Nothing was changed.", app.Id);
        }
    }

    public static async Task<ZiaScimOktaProvisioning> GetConnectionAsync(OktaConnection okta, OktaApp app, OperationLog log, CancellationToken cancel)
    {
        ApiResponse answer = await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, okta.Address(OktaWire.Connection(app.Id)))
        {
            Idempotent = true,
            // The app was just found: a 404 here means it has no provisioning connection yet.
            Accept = new[] { 404 },
        }, log, cancel).ConfigureAwait(false);
        if (answer.StatusCode == 404)
        {
            log.Verbose($"{app} has no provisioning connection.");
            return new ZiaScimOktaProvisioning(okta.Origin.GetLeftPart(UriPartial.Authority), app.Id, app.Label, app.Name, null, null, false, null);
        }
        return ToModel(okta, app, answer.Json ?? throw Drift(okta, "a connection"));
    }

    /// <summary>
    /// A base URL Okta can be given: an absolute https URL (http only to this machine), or the path form
    /// /&lt;orgId&gt;/&lt;idpId&gt;/ the ZIA portal shows for Okta's console. Throws before anything is sent.
    /// </summary>
    public static string CheckBaseUrl(string baseUrl)
    {
        string text = baseUrl.Trim();
        if (Regex.IsMatch(text, @"^/\d+/\d+/?$"))
        {
            return text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/";
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ZiaException("OktaInvalidBaseUrl", ErrorCategory.InvalidArgument,
                "-BaseUrl takes the identity provider's SCIM base URL, e.g. https://scim.zscalertwo.net/24326813/71234/scim (Get-ZiaScimBaseUrl), or its path form /24326813/71234/.", "BaseUrl");
        }
        if (!TransportRules.IsSafe(uri))
        {
            throw new ZiaException("OktaInsecureBaseUrl", ErrorCategory.SecurityError,
                $"{TransportRules.Display(uri)} is not an https address: Okta would send the bearer token and every user unencrypted. Use https.", "BaseUrl");
        }
        return text;
    }

    /// <summary>
    /// POST connections/default?activate=...: the base URL and the token in one write, then read back. After a failure the
    /// error says what Okta holds: the old connection (refused), perhaps the new one (no clear answer), or the new one not
    /// active (read back).
    /// </summary>
    public static async Task<ZiaScimOktaProvisioning> SetConnectionAsync(OktaConnection okta, OktaApp app, string baseUrl, SecureString token, bool activate, OperationLog log, CancellationToken cancel)
    {
        RequireZscaler(app);
        string url = CheckBaseUrl(baseUrl);
        if (!SecretText.IsToken(token))
        {
            throw new ZiaException("OktaInvalidBearerToken", ErrorCategory.InvalidArgument,
                "The SCIM bearer token has a space, line break, control or non-ASCII character, or is empty; a Zscaler SCIM token has none. Nothing was sent to Okta.", app.Id);
        }

        Uri target = okta.Address($"{OktaWire.Connection(app.Id)}?activate={(activate ? "true" : "false")}");
        try
        {
            // Sending the same connection twice leaves the same connection: safe to repeat after a dropped answer.
            await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Post, target)
            {
                Json = OktaWire.ConnectionBody(url, SecretText.Reveal(token)),
                Idempotent = true,
            }, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.NotSaved)
        {
            throw new ZiaException(ex.ErrorId, ex.Category,
                $"Okta refused the provisioning connection of {app}: it keeps its previous base URL, token and status. {ex.Message}", app.Id, ex)
            { StatusCode = ex.StatusCode, ServiceCode = ex.ServiceCode, SaveState = SaveState.NotSaved };
        }
        catch (ZiaException ex)
        {
            throw new ZiaException(ex.ErrorId, ex.Category,
                $"Okta gave no clear answer to the new provisioning connection of {app}: it may hold the new base URL and token, or still the old ones. Check with Get-ZiaScimOktaProvisioning, then run the command again. {ex.Message}", app.Id, ex)
            { StatusCode = ex.StatusCode, ServiceCode = ex.ServiceCode, SaveState = SaveState.Unknown };
        }
        log.Verbose($"Okta saved the provisioning connection of {app} ({url}){(activate ? ", activation asked" : string.Empty)}.");

        ZiaScimOktaProvisioning saved;
        try
        {
            saved = await GetConnectionAsync(okta, app, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            throw Unverified(app, $"Okta accepted the new base URL and token, but reading the connection back failed: {ex.Message}", ex);
        }
        if (!string.Equals(saved.AuthScheme, OktaWire.TokenAuthScheme, StringComparison.OrdinalIgnoreCase) ||
            (saved.BaseUrl is not null && !string.Equals(saved.BaseUrl.TrimEnd('/'), url.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            throw Unverified(app, $"Okta accepted the new connection, but reports authScheme '{saved.AuthScheme}' and base URL '{saved.BaseUrl}'. Check the app's Provisioning tab in Okta.", null);
        }
        if (activate && !saved.Enabled)
        {
            throw Unverified(app, $"Okta saved the new base URL and token, but the connection is {saved.Status}: Okta does not provision through it. Activate it with -Activate again, or in the app's Provisioning tab.", null);
        }
        return saved;
    }

    /// <summary>POST .../lifecycle/activate (204): Okta provisions through the saved connection.</summary>
    public static async Task ActivateAsync(OktaConnection okta, OktaApp app, OperationLog log, CancellationToken cancel)
    {
        RequireZscaler(app);
        await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Post, okta.Address(OktaWire.Activate(app.Id))) { Idempotent = true }, log, cancel).ConfigureAwait(false);
        log.Verbose($"The provisioning connection of {app} is activated.");
    }

    private static async Task<JToken?> GetAsync(OktaConnection okta, string relative, OperationLog log, CancellationToken cancel) =>
        (await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, okta.Address(relative)) { Idempotent = true }, log, cancel).ConfigureAwait(false)).Json;

    private static OktaApp? ToApp(JToken? json) =>
        json is JObject o && (string?)o[OktaWire.Id] is { Length: > 0 } id ? new OktaApp(id, (string?)o[OktaWire.Name], (string?)o[OktaWire.Label]) : null;

    private static ZiaScimOktaProvisioning ToModel(OktaConnection okta, OktaApp app, JToken json)
    {
        string? status = (string?)json[OktaWire.Status];
        return new ZiaScimOktaProvisioning(okta.Origin.GetLeftPart(UriPartial.Authority), app.Id, app.Label, app.Name,
            OktaWire.ReadAuthScheme(json), status, string.Equals(status, OktaWire.Enabled, StringComparison.OrdinalIgnoreCase), (string?)json[OktaWire.BaseUrl]);
    }

    private static ZiaException Unverified(OktaApp app, string message, Exception? inner) =>
        new("OktaConnectionUnverified", ErrorCategory.InvalidResult, message, app.Id, inner) { SaveState = SaveState.Unverified };

    private static ZiaException Drift(OktaConnection okta, string what) => new("OktaApiChanged", ErrorCategory.InvalidResult,
        $"Okta ({TransportRules.Display(okta.Origin)}) did not answer with {what} as its API documents. Nothing was changed.", okta.Origin);
}
