using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Idp;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>The Okta app's two links of the chain: its connection (status, base URL, refused tokens) and its pushes (app users, failures). Read only.</summary>
internal static class OktaHealth
{
    /// <summary>The connection's status and base URL against ZIA's, and the app's authentication_failure events in the window.</summary>
    public static async Task<ZiaScimSetupLink> EndpointAsync(OktaConnection okta, OktaTarget target, IdpHealthQuery query, OperationLog log, CancellationToken cancel)
    {
        const string link = IdpLinks.EndpointAndToken;
        string who = target.Name;
        string fix = $"Set-ZiaScimOktaProvisioning -OktaDomain {target.Domain} -AppId {target.App.Id} -IdentityProvider <ZIA identity provider> -Activate, or Update-ZiaScimBearerToken to rotate";
        ZiaScimOktaProvisioning connection;
        try
        {
            connection = await OktaProvisioning.GetConnectionAsync(okta, target.App, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            return IdpLinks.NotRead(link, ex, OktaTarget.AppsPermission, who);
        }
        string evidence = $"connection {connection.Status ?? "none"}, authScheme {connection.AuthScheme ?? "none"}, base URL {connection.BaseUrl ?? "none"}";
        if (!string.Equals(connection.AuthScheme, OktaWire.TokenAuthScheme, StringComparison.OrdinalIgnoreCase))
        {
            return IdpLinks.Fail(link, evidence, "the app has no bearer token connection to ZIA", fix, who);
        }
        if (!connection.Enabled)
        {
            return IdpLinks.Fail(link, evidence, "the provisioning connection is not active: Okta sends nothing to ZIA", fix, who);
        }
        if (query.ExpectedBaseUrl is { } expected && connection.BaseUrl is { } held && !IdpLinks.SameBaseUrl(held, expected))
        {
            return IdpLinks.Fail(link, $"{evidence}; ZIA's is {expected}", "Okta provisions to another SCIM base URL than this identity provider's", fix, who);
        }

        IReadOnlyList<ZiaScimOktaEvent> refused;
        try
        {
            refused = await OktaReports.EventsAsync(okta, target.App.Id, new[] { OktaWire.AuthenticationFailure }, query.Since, query.Until, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            // The connection was read, the refusals were not: the token's state is unknown.
            ZiaScimSetupLink notRead = IdpLinks.NotRead(link, ex, OktaTarget.LogsPermission, who);
            return new ZiaScimSetupLink(link, ZiaScimSetupStatus.NotChecked, evidence + "; System Log not read", notRead.Cause, notRead.Fix, who);
        }
        evidence += $"; {refused.Count} authentication failures since {query.Since:u}";
        if (refused.Count > 0)
        {
            ZiaScimOktaEvent last = refused[refused.Count - 1];
            return IdpLinks.Fail(link, evidence + $", last at {last.Published:u}",
                $"ZIA's SCIM server refused Okta's token: {IdpLinks.OneLine(last.Reason ?? last.DisplayMessage ?? last.EventType)}. A token rotated in ZIA but not in Okta does this.", fix, who);
        }
        return IdpLinks.Pass(link, evidence, who);
    }

    /// <summary>App users in ERROR or OUT_OF_SYNC, and the app's failed provisioning events in the window.</summary>
    public static async Task<ZiaScimSetupLink> JobAsync(OktaConnection okta, OktaTarget target, IdpHealthQuery query, OperationLog log, CancellationToken cancel)
    {
        const string link = IdpLinks.JobHealth;
        string who = target.Name;
        string see = $"Get-ZiaScimOktaLog -OktaDomain {target.Domain} -AppId {target.App.Id}; Get-ZiaScimOktaAppUser -OktaDomain {target.Domain} -AppId {target.App.Id} -NeedsAttention";
        IReadOnlyList<ZiaScimOktaAppUser> users;
        try
        {
            users = await OktaReports.AppUsersAsync(okta, target.App.Id, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            return IdpLinks.NotRead(link, ex, OktaTarget.AppsPermission, who);
        }
        int errors = users.Count(u => u.SyncState == OktaWire.SyncError);
        int outOfSync = users.Count(u => u.SyncState == OktaWire.OutOfSync);
        string evidence = $"{users.Count} app users, {errors} in ERROR, {outOfSync} OUT_OF_SYNC";

        IReadOnlyList<ZiaScimOktaEvent> failed;
        try
        {
            failed = (await OktaReports.EventsAsync(okta, target.App.Id, OktaReports.AppEventTypes, query.Since, query.Until, log, cancel)
                .ConfigureAwait(false)).Where(e => e.Failed).ToList();
        }
        catch (ZiaException ex)
        {
            ZiaScimSetupLink notRead = IdpLinks.NotRead(link, ex, OktaTarget.LogsPermission, who);
            return new ZiaScimSetupLink(link, ZiaScimSetupStatus.NotChecked, evidence + "; System Log not read", notRead.Cause, notRead.Fix, who);
        }
        evidence += $"; {failed.Count} failed provisioning events since {query.Since:u}";
        if (failed.Count > 0)
        {
            string reasons = string.Join("; ", failed.GroupBy(e => IdpLinks.OneLine(e.Reason ?? e.EventType)).OrderByDescending(g => g.Count()).Take(3)
                .Select(g => $"{g.Count()} x {g.Key}"));
            return IdpLinks.Fail(link, evidence, $"Okta's pushes to ZIA failed: {reasons}", $"{see} names each user; fix the cause, then retry the failed tasks in the Okta Admin Console (Dashboard > Tasks)", who);
        }
        string names = string.Join(", ", users.Where(u => u.NeedsAttention).Take(5).Select(u => u.UserName ?? u.Id));
        if (errors > 0)
        {
            return IdpLinks.Fail(link, evidence + $" ({names})", "Okta could not bring these users to ZIA", see, who);
        }
        if (outOfSync > 0)
        {
            return IdpLinks.Warning(link, evidence + $" ({names})", "Okta has changes of these users it has not pushed to ZIA yet", see, who);
        }
        return IdpLinks.Pass(link, evidence, who);
    }
}
