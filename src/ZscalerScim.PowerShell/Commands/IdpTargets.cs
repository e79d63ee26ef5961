using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Connections;
using ZscalerScim.Entra;
using ZscalerScim.Idp;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>Which IdP to check: the connections (given, else the runspace's) and the app on each.</summary>
internal sealed class IdpSelection
{
    /// <summary>Entra ID: the given connection, else Connect-ZiaScimEntra's.</summary>
    public GraphConnection? Graph { get; init; }

    /// <summary>The enterprise application (object id or display name); else the one Connect-ZiaScimEntra -ServicePrincipal named.</summary>
    public string? ServicePrincipal { get; init; }

    public string? JobId { get; init; }

    /// <summary>Okta: the given connection, else Connect-ZiaScimOkta's.</summary>
    public OktaConnection? Okta { get; init; }

    /// <summary>The Zscaler 2.0 app; else the one Connect-ZiaScimOkta -AppId named; else the org's only Zscaler 2.0 app (or the one holding ZIA's base URL).</summary>
    public string? AppId { get; init; }

    public string? AppLabel { get; init; }

    /// <summary>How an Okta target proves a token (one SCIM request through the command's transport).</summary>
    public Func<Uri, SecureString, OperationLog, CancellationToken, Task<string?>>? ScimProbe { get; init; }

    /// <summary>The given connections, or the runspace's. Call it on the pipeline thread: the runspace's defaults are read there.</summary>
    public static IdpSelection WithRunspaceDefaults(IdpSelection given) => new()
    {
        Graph = given.Graph ?? SessionStore.Graph,
        ServicePrincipal = given.ServicePrincipal ?? (given.Graph ?? SessionStore.Graph)?.ServicePrincipal,
        JobId = given.JobId ?? (given.ServicePrincipal is null ? (given.Graph ?? SessionStore.Graph)?.JobId : null),
        Okta = given.Okta ?? SessionStore.Okta,
        AppId = given.AppId ?? (given.AppLabel is null ? (given.Okta ?? SessionStore.Okta)?.AppId : null),
        AppLabel = given.AppLabel,
        ScimProbe = given.ScimProbe,
    };
}

/// <summary>
/// The one entry point to the IdP side for Test-ZiaScimSetup: from the connections (item "connect once") or the given
/// ones, the IdP targets (<see cref="IIdpTarget"/>), or NotChecked links that say why not and what would let them be checked.
/// A new IdP adds its branch here and a folder that implements the contract.
/// </summary>
internal static class IdpTargets
{
    /// <summary>The targets the selection names, and a NotChecked link for each IdP link that has none.</summary>
    public static async Task<(IReadOnlyList<IIdpTarget> Targets, IReadOnlyList<ZiaScimSetupLink> NotChecked)> ResolveAsync(IdpSelection selection, Uri? expectedBaseUrl,
        OperationLog log, CancellationToken cancel)
    {
        List<IIdpTarget> targets = new();
        List<ZiaScimSetupLink> notChecked = new();
        if (selection.Graph is null && selection.Okta is null)
        {
            notChecked.AddRange(Both(null, "no Entra ID or Okta connection was given or made in this runspace",
                "Connect-ZiaScimEntra -ServicePrincipal <enterprise application> or Connect-ZiaScimOkta -AppId <Zscaler 2.0 app>, then check again"));
            return (targets, notChecked);
        }

        if (selection.Graph is { } graph)
        {
            if (graph.Disposed)
            {
                notChecked.AddRange(Both("Entra ID", "the Entra ID connection was closed (Disconnect-ZiaScimEntra)", "Connect-ZiaScimEntra again"));
            }
            else if (selection.ServicePrincipal is not { Length: > 0 } sp)
            {
                notChecked.AddRange(Both("Entra ID", "no enterprise application was named for the Entra ID connection",
                    "Connect-ZiaScimEntra -ServicePrincipal <object id or display name> (or name it with -ServicePrincipal)"));
            }
            else
            {
                try
                {
                    targets.Add(await EntraTarget.ResolveAsync(graph, sp, selection.JobId, log, cancel).ConfigureAwait(false));
                }
                catch (ZiaException ex)
                {
                    notChecked.AddRange(NotResolved(ex, "Application.Read.All", $"Entra ID: {sp}"));
                }
            }
        }

        if (selection.Okta is { } okta)
        {
            if (okta.Disposed)
            {
                notChecked.AddRange(Both("Okta", "the Okta connection was closed (Disconnect-ZiaScimOkta)", "Connect-ZiaScimOkta again"));
            }
            else
            {
                try
                {
                    OktaApp? app = selection.AppId is not null || selection.AppLabel is not null
                        ? await OktaTarget.FindAsync(okta, selection.AppId, selection.AppLabel, log, cancel).ConfigureAwait(false)
                        : await OnlyZscalerAppAsync(okta, expectedBaseUrl, notChecked, log, cancel).ConfigureAwait(false);
                    if (app is not null)
                    {
                        targets.Add(new OktaTarget(okta, app, selection.ScimProbe ?? NoProbe));
                    }
                }
                catch (ZiaException ex)
                {
                    notChecked.AddRange(NotResolved(ex, OktaTarget.AppsPermission, $"Okta: {selection.AppId ?? selection.AppLabel ?? okta.Origin.Host}"));
                }
            }
        }
        return (targets, notChecked);
    }

    /// <summary>The IdP links of every target, in the chain's order (endpoint and token, then job health), and the NotChecked ones.</summary>
    public static async Task<IReadOnlyList<ZiaScimSetupLink>> HealthAsync(IdpSelection selection, IdpHealthQuery query, OperationLog log, CancellationToken cancel)
    {
        (IReadOnlyList<IIdpTarget> targets, IReadOnlyList<ZiaScimSetupLink> notChecked) = await ResolveAsync(selection, query.ExpectedBaseUrl, log, cancel).ConfigureAwait(false);
        List<ZiaScimSetupLink> links = new();
        foreach (IIdpTarget target in targets)
        {
            links.AddRange(await target.ReadHealthAsync(query, log, cancel).ConfigureAwait(false));
        }
        links.AddRange(notChecked);
        return links.OrderBy(l => l.Link == IdpLinks.EndpointAndToken ? 0 : 1).ToList();
    }

    // Without an app named: the org's only Zscaler 2.0 app, or the one whose connection holds ZIA's base URL.
    private static async Task<OktaApp?> OnlyZscalerAppAsync(OktaConnection okta, Uri? expected, List<ZiaScimSetupLink> notChecked, OperationLog log, CancellationToken cancel)
    {
        IReadOnlyList<OktaApp> apps = await OktaProvisioning.ZscalerAppsAsync(okta, log, cancel).ConfigureAwait(false);
        if (apps.Count == 1)
        {
            return apps[0];
        }
        if (apps.Count > 1 && expected is not null)
        {
            List<OktaApp> holding = new();
            foreach (OktaApp app in apps)
            {
                ZiaScimOktaProvisioning connection = await OktaProvisioning.GetConnectionAsync(okta, app, log, cancel).ConfigureAwait(false);
                if (IdpLinks.SameBaseUrl(connection.BaseUrl, expected))
                {
                    holding.Add(app);
                }
            }
            if (holding.Count == 1)
            {
                return holding[0];
            }
        }
        string found = apps.Count == 0 ? "the Okta org has no Zscaler 2.0 app" : $"the Okta org has {apps.Count} Zscaler 2.0 apps ({string.Join(", ", apps.Select(a => $"'{a.Label}' {a.Id}"))})";
        notChecked.AddRange(Both("Okta", found, "name the app: Connect-ZiaScimOkta -AppId <id> (or -AppId)"));
        return null;
    }

    private static IEnumerable<ZiaScimSetupLink> NotResolved(ZiaException ex, string permission, string target)
    {
        bool refusedOrSilent = ex.StatusCode == 403 || ex.Category is ErrorCategory.PermissionDenied or ErrorCategory.ResourceUnavailable or ErrorCategory.ConnectionError
            or ErrorCategory.OperationTimeout or ErrorCategory.LimitsExceeded or ErrorCategory.AuthenticationError;
        if (refusedOrSilent)
        {
            return new[] { IdpLinks.NotRead(IdpLinks.EndpointAndToken, ex, permission, target), IdpLinks.NotRead(IdpLinks.JobHealth, ex, permission, target) };
        }
        // Not found, ambiguous, not a Zscaler app: the reason is the error's own message.
        return Both(target, IdpLinks.OneLine(ex.Message), "name the IdP's Zscaler app (-ServicePrincipal, -AppId) and check again");
    }

    private static IEnumerable<ZiaScimSetupLink> Both(string? target, string cause, string fix) => new[]
    {
        IdpLinks.NotChecked(IdpLinks.EndpointAndToken, cause, fix, target),
        IdpLinks.NotChecked(IdpLinks.JobHealth, cause, fix, target),
    };

    private static Task<string?> NoProbe(Uri url, SecureString token, OperationLog log, CancellationToken cancel) =>
        Task.FromResult<string?>("this command cannot send a SCIM request to prove the token");
}
