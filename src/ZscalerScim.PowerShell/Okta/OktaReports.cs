using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>What Okta records about the Zscaler app's provisioning: its System Log events and its app users' syncState. Read only.</summary>
internal static class OktaReports
{
    /// <summary>The Zscaler app's provisioning and integration event types: what a read of its log asks for by default.</summary>
    public static readonly IReadOnlyList<string> AppEventTypes = OktaWire.ProvisioningEvents.Concat(OktaWire.IntegrationEvents).ToArray();

    /// <summary>
    /// The app's events of the given types between since and until, oldest first, page by page (Link rel="next").
    /// Always bounded by until: without it Okta's next link never ends.
    /// </summary>
    public static async Task<IReadOnlyList<ZiaScimOktaEvent>> EventsAsync(OktaConnection okta, string appId, IEnumerable<string> eventTypes, DateTime since, DateTime until,
        OperationLog log, CancellationToken cancel)
    {
        List<ZiaScimOktaEvent> found = new();
        Uri? next = okta.Address(OktaWire.Logs(appId, eventTypes, since, until));
        while (next is not null)
        {
            ApiResponse page = await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, next) { Idempotent = true }, log, cancel).ConfigureAwait(false);
            JArray events = page.Json as JArray ?? throw Drift(okta, "a list of events");
            foreach (JObject e in events.OfType<JObject>())
            {
                found.Add(ToEvent(e, appId));
            }
            // An empty page ends the read whatever the link says; a link elsewhere is never followed with the token.
            next = events.Count == 0 || !SameOrigin(okta, page.NextLink) ? null : page.NextLink;
        }
        return found;
    }

    /// <summary>Every user assigned to the app, page by page.</summary>
    public static async Task<IReadOnlyList<ZiaScimOktaAppUser>> AppUsersAsync(OktaConnection okta, string appId, OperationLog log, CancellationToken cancel)
    {
        List<ZiaScimOktaAppUser> found = new();
        Uri? next = okta.Address(OktaWire.AppUsers(appId));
        while (next is not null)
        {
            ApiResponse page = await okta.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, next) { Idempotent = true }, log, cancel).ConfigureAwait(false);
            JArray users = page.Json as JArray ?? throw Drift(okta, "a list of app users");
            foreach (JObject u in users.OfType<JObject>())
            {
                found.Add(new ZiaScimOktaAppUser
                {
                    Id = (string?)u[OktaWire.Id] ?? string.Empty,
                    UserName = (string?)(u[OktaWire.Credentials] as JObject)?[OktaWire.UserName],
                    Status = (string?)u[OktaWire.Status],
                    SyncState = (string?)u[OktaWire.SyncState],
                    LastSync = Date(u[OktaWire.LastSync]),
                    LastUpdated = Date(u[OktaWire.LastUpdated]),
                    AppId = appId,
                });
            }
            next = users.Count == 0 || !SameOrigin(okta, page.NextLink) ? null : page.NextLink;
        }
        return found;
    }

    private static ZiaScimOktaEvent ToEvent(JObject e, string appId)
    {
        JObject? outcome = e[OktaWire.Outcome] as JObject;
        // The user the event is about: a target of type User (or AppUser), by its login.
        JObject? user = (e[OktaWire.Target] as JArray)?.OfType<JObject>()
            .FirstOrDefault(t => (string?)t[OktaWire.Type] is "User" or "AppUser");
        return new ZiaScimOktaEvent
        {
            Published = Date(e[OktaWire.Published]),
            EventType = (string?)e[OktaWire.EventType] ?? string.Empty,
            Result = (string?)outcome?[OktaWire.Result],
            Reason = (string?)outcome?[OktaWire.Reason],
            TargetUser = (string?)user?[OktaWire.AlternateId],
            DisplayMessage = (string?)e[OktaWire.DisplayMessage],
            Severity = (string?)e[OktaWire.Severity],
            AppId = appId,
            Uuid = (string?)e[OktaWire.Uuid],
        };
    }

    private static bool SameOrigin(OktaConnection okta, Uri? link) =>
        link is not null && Uri.Compare(link, okta.Origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static DateTime? Date(JToken? token) =>
        token is JValue { Type: JTokenType.Date } d ? ((DateTime)d).ToUniversalTime()
        : token is JValue { Type: JTokenType.String } s && DateTime.TryParse((string?)s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t) ? t
        : null;

    private static ZiaException Drift(OktaConnection okta, string what) => new("OktaApiChanged", System.Management.Automation.ErrorCategory.InvalidResult,
        $"Okta ({TransportRules.Display(okta.Origin)}) did not answer with {what} as its API documents.", okta.Origin);
}
