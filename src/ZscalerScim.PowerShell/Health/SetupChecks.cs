using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Portal;
using ZscalerScim.Scim;
using ZscalerScim.Zia;
using ZscalerScim.ZIdentity;

namespace ZscalerScim.Health;

/// <summary>What Test-ZiaScimSetup was asked to check.</summary>
internal sealed class SetupCheckRequest
{
    public ZiaSession? Session { get; init; }

    /// <summary>The ZIA identity provider; null: the one with SCIM on, when there is exactly one.</summary>
    public IdentityProviderRef? IdentityProvider { get; init; }

    public DateTime Since { get; init; }

    public TimeSpan EventLogTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The IdP side's links (Entra ID, Okta, through the IdP contract), given what the ZIA links read.</summary>
    public Func<IdpLinkContext, OperationLog, CancellationToken, Task<IReadOnlyList<ZiaScimSetupLink>>>? IdpLinks { get; init; }
}

/// <summary>What the IdP links are given by the ZIA links before them (null where a ZIA link could not read it).</summary>
internal sealed class IdpLinkContext
{
    public ZiaIdentityProvider? IdentityProvider { get; init; }

    /// <summary>ZIA's SCIM base URL of the identity provider, which the IdP should hold.</summary>
    public Uri? BaseUrl { get; init; }
}

/// <summary>
/// Test-ZiaScimSetup's work: one <see cref="ZiaScimSetupLink"/> per link of the provisioning chain, in its order. Read only:
/// nothing anywhere is changed. A link that cannot be read is NotChecked with the reason and what would let it be
/// checked; the links after a failed one still run when they can.
/// </summary>
internal static class SetupChecks
{
    public const string SessionLink = "ZIA session";
    public const string ConfigurationLink = "IdP configuration";
    public const string ActivationLink = "Change activated";
    public const string EndpointLink = "SCIM endpoint";
    public const string RefusalsLink = "ZIA refusals";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(SetupCheckRequest request, Action<ZiaScimSetupLink> emit, OperationLog log, CancellationToken cancel)
    {
        ZiaSession? session = request.Session;

        // 1. The ZIA session, and the activation status (read once, for link 3).
        ZiaActivationStatus? status = null;
        string? sessionProblem = null;
        if (session is null || !session.IsConnected)
        {
            sessionProblem = session is null ? "there is no ZIA session" : "the ZIA session was disconnected";
            emit(Link(SessionLink, ZiaScimSetupStatus.Fail, "No session.", $"{sessionProblem}, so nothing in ZIA can be read.", "Connect-Zia -Credential (Get-Credential) -ApiKey (Read-Host -AsSecureString 'API key'), then run Test-ZiaScimSetup again.", null));
        }
        else
        {
            try
            {
                status = await Activation.GetStatusAsync(session, log, cancel).ConfigureAwait(false);
                if (session.IdentityManagement == ZiaIdentityManagement.ZIdentity)
                {
                    emit(Link(SessionLink, ZiaScimSetupStatus.Warning, $"Connected to {session}; identity providers managed in ZIdentity.",
                        "This organization's identity providers and SCIM endpoint are managed in ZIdentity, where ZIA's identity-provider links do not apply.",
                        ZIdentityGuidance.Steps(session), session.ToString()));
                }
                else
                {
                    emit(Link(SessionLink, ZiaScimSetupStatus.Pass, $"Connected to {session} ({session.AuthType}).", null, null, session.ToString()));
                }
            }
            catch (ZiaException ex) when (!cancel.IsCancellationRequested)
            {
                sessionProblem = $"the ZIA admin API did not answer the session ({ex.ErrorId})";
                emit(Link(SessionLink, ex.StatusCode is 401 or 403 ? ZiaScimSetupStatus.Fail : ZiaScimSetupStatus.NotChecked, $"GET /status: {ex.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? ex.ErrorId}.",
                    ex.Message, "Connect-Zia again, then run Test-ZiaScimSetup again.", session.ToString()));
            }
        }
        bool zia = sessionProblem is null;
        string needsSession = $"Not checked: {sessionProblem}.";

        // 2. The identity provider's configuration.
        ZiaIdentityProvider? idp = null;
        if (!zia)
        {
            emit(Link(ConfigurationLink, ZiaScimSetupStatus.NotChecked, needsSession, needsSession, "Connect-Zia first.", null));
        }
        else if (session!.IdentityManagement == ZiaIdentityManagement.ZIdentity)
        {
            emit(Link(ConfigurationLink, ZiaScimSetupStatus.NotChecked, "Managed in ZIdentity.", "ZIA's Identity Providers page and its API are not available on a ZIdentity tenant.", ZIdentityGuidance.Steps(session), null));
        }
        else
        {
            (idp, ZiaScimSetupLink configuration) = await ConfigurationAsync(session, request.IdentityProvider, log, cancel).ConfigureAwait(false);
            emit(configuration);
        }

        // 4 before 3: what the endpoint answers names the pending change.
        ScimProbe? probe = idp is null ? null : await ProbeAsync(session!, idp, status, log, cancel).ConfigureAwait(false);

        // 3. The change activated.
        if (!zia || status is null)
        {
            emit(Link(ActivationLink, ZiaScimSetupStatus.NotChecked, needsSession, needsSession, "Connect-Zia first.", null));
        }
        else
        {
            emit(Activated(session!, status, idp, probe));
        }

        // 4. The SCIM endpoint answers the tenant's token.
        emit(probe?.Link ?? Link(EndpointLink, ZiaScimSetupStatus.NotChecked, "No identity provider read.",
            zia ? "The identity provider's configuration could not be read (see IdP configuration), so its endpoint and token are unknown." : needsSession,
            zia ? "Fix the IdP configuration link first." : "Connect-Zia first.", null));

        // 5, 6. The IdP side.
        IdpLinkContext context = new() { IdentityProvider = idp, BaseUrl = probe?.BaseUrl ?? (idp is null ? null : ExpectedBaseUrl(session!, idp)) };
        if (request.IdpLinks is { } idpLinks)
        {
            foreach (ZiaScimSetupLink link in await idpLinks(context, log, cancel).ConfigureAwait(false))
            {
                emit(link);
            }
        }

        // 7. What ZIA refused.
        if (!zia)
        {
            emit(Link(RefusalsLink, ZiaScimSetupStatus.NotChecked, needsSession, needsSession, "Connect-Zia first.", null));
        }
        else
        {
            emit(await RefusalsAsync(session!, idp, request.Since, request.EventLogTimeout, log, cancel).ConfigureAwait(false));
        }
    }

    private static async Task<(ZiaIdentityProvider?, ZiaScimSetupLink)> ConfigurationAsync(ZiaSession session, IdentityProviderRef? reference, OperationLog log, CancellationToken cancel)
    {
        ZiaIdentityProvider idp;
        try
        {
            if (reference is { } named)
            {
                idp = await IdentityProviders.ResolveAsync(session, named, log, cancel).ConfigureAwait(false);
            }
            else
            {
                IReadOnlyList<ZiaIdentityProvider> all = await IdentityProviders.ListAsync(session, log, cancel).ConfigureAwait(false);
                List<ZiaIdentityProvider> scim = all.Where(i => i.ScimProvisioning).ToList();
                if (scim.Count != 1)
                {
                    string names = scim.Count == 0 ? $"none of {all.Count} has SCIM on" : $"SCIM is on for {string.Join(", ", scim.Select(i => $"'{i.Name}'"))}";
                    return (null, Link(ConfigurationLink, ZiaScimSetupStatus.NotChecked, $"{all.Count} identity providers; {names}.",
                        "No identity provider was named, and there is not exactly one with SCIM on to check.",
                        "Name it: Test-ZiaScimSetup -IdentityProvider '<name>' (Get-ZiaIdentityProvider lists them).", null));
                }
                idp = scim[0];
            }
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            bool missing = ex.ErrorId == "ZiaIdentityProviderNotFound";
            return (null, Link(ConfigurationLink, missing ? ZiaScimSetupStatus.Fail : ZiaScimSetupStatus.NotChecked, $"Identity providers: {ex.ErrorId}.", ex.Message,
                missing ? "Get-ZiaIdentityProvider lists the names; pass one to -IdentityProvider." : "Connect-Zia with an API key (the Admin Portal API needs one), then run Test-ZiaScimSetup again.", reference?.ToString()));
        }

        List<string> problems = new(), fixes = new();
        string name = idp.Name ?? idp.Id.ToString(CultureInfo.InvariantCulture);
        string enable = $"Enable-ZiaScimProvisioning -IdentityProvider '{name}' -Activate";
        if (!idp.ScimProvisioning)
        {
            problems.Add("SCIM provisioning is off");
            fixes.Add(enable);
        }
        if (idp.SamlAutoProvisioning)
        {
            problems.Add("SAML auto-provisioning is on beside SCIM (Zscaler says to turn it off)");
            if (!fixes.Contains(enable))
            {
                fixes.Add(enable + " (turns SAML auto-provisioning off)");
            }
        }
        if (!idp.HasBearerToken)
        {
            problems.Add("there is no SCIM bearer token");
            fixes.Add($"New-ZiaScimBearerToken -IdentityProvider '{name}', then Publish-ZiaChange and give the token to the IdP (Update-ZiaScimBearerToken does all three)");
        }
        bool directory = idp.UserRepository is ZiaUserRepository.ActiveDirectory or ZiaUserRepository.OpenLdap;
        string repository = idp.UserRepository.ToString();
        if (directory)
        {
            try
            {
                bool migrated = await AuthenticationSettings.IsMigratedToScimAsync(session, log, cancel).ConfigureAwait(false);
                repository += migrated ? " (directory sync migrated to SCIM)" : " (directory sync not migrated)";
                if (!migrated)
                {
                    problems.Add($"its users come from {idp.UserRepository}, and 'Disable Directory Sync & Enable SCIM Provisioning' is off, so ZIA does not accept SCIM for it");
                    fixes.Add($"Enable-ZiaScimProvisioning -IdentityProvider '{name}' -MigrateFromDirectorySync -Activate (turns directory sync off for the organization)");
                }
            }
            catch (ZiaException ex) when (!cancel.IsCancellationRequested)
            {
                repository += $" (migration setting not read: {ex.ErrorId})";
            }
        }
        if (!idp.Enabled)
        {
            problems.Add("the identity provider is disabled");
            fixes.Add("Enable it in the portal (Administration > Identity Providers)");
        }
        string evidence = $"'{name}' ({idp.Id}): SCIM {OnOff(idp.ScimProvisioning)}, SAML auto-provisioning {OnOff(idp.SamlAutoProvisioning)}, bearer token {(idp.HasBearerToken ? "set" : "none")}, repository {repository}.";
        return (idp, problems.Count == 0
            ? Link(ConfigurationLink, ZiaScimSetupStatus.Pass, evidence, null, null, name)
            : Link(ConfigurationLink, ZiaScimSetupStatus.Fail, evidence, Sentence(string.Join("; ", problems)), string.Join("; ", fixes.Distinct()) + ".", name));
    }

    private static ZiaScimSetupLink Activated(ZiaSession session, ZiaActivationStatus status, ZiaIdentityProvider? idp, ScimProbe? probe)
    {
        string evidence = $"Activation status {status.Status}.";
        switch (status.Status)
        {
            case ZiaActivationState.Active:
                return Link(ActivationLink, ZiaScimSetupStatus.Pass, evidence, null, null, session.ToString());
            case ZiaActivationState.InProgress:
                return Link(ActivationLink, ZiaScimSetupStatus.Warning, evidence, "An activation is running; changes saved meanwhile wait for the next one.",
                    "Check again when Get-ZiaActivationStatus shows Active; Publish-ZiaChange if it then shows Pending.", session.ToString());
        }
        // ZIA lists no pending changes: name those this module can tell.
        List<string> named = new();
        if (probe?.RefusedSaved == 401)
        {
            named.Add($"the SCIM bearer token saved on '{idp!.Name}' (the endpoint still answers only the active one)");
        }
        else if (probe?.RefusedSaved == 404)
        {
            named.Add($"SCIM on for '{idp!.Name}' (saved, but the endpoint does not serve it yet)");
        }
        if (session.HasUnpublishedChanges)
        {
            named.Add("changes saved by this session");
        }
        string which = named.Count > 0
            ? "Pending: " + string.Join("; ", named) + "."
            : "ZIA does not list pending changes; the portal's Activation menu shows them, and Administration > Audit Logs names who saved what.";
        return Link(ActivationLink, ZiaScimSetupStatus.Fail, evidence, "Changes are saved but not activated, so ZIA does not use them yet. " + which,
            "Publish-ZiaChange (or Activate in the portal).", session.ToString());
    }

    private sealed class ScimProbe
    {
        public ZiaScimSetupLink Link { get; init; } = null!;

        public Uri? BaseUrl { get; init; }

        /// <summary>The status the endpoint refused the saved token or SCIM switch with while a change is pending (401, 404).</summary>
        public int? RefusedSaved { get; init; }
    }

    private static async Task<ScimProbe> ProbeAsync(ZiaSession session, ZiaIdentityProvider idp, ZiaActivationStatus? status, OperationLog log, CancellationToken cancel)
    {
        string name = idp.Name ?? idp.Id.ToString(CultureInfo.InvariantCulture);
        if (!idp.ScimProvisioning)
        {
            return new ScimProbe { Link = Link(EndpointLink, ZiaScimSetupStatus.NotChecked, "SCIM is off.", $"SCIM provisioning is off for '{name}', so ZIA serves no SCIM endpoint for it.",
                $"Enable-ZiaScimProvisioning -IdentityProvider '{name}' -Activate, then run Test-ZiaScimSetup again.", name) };
        }
        ScimConnectRequest connect;
        try
        {
            connect = await ScimConnector.FromIdentityProviderAsync(session, IdentityProviderRef.ById(idp.Id), log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            return new ScimProbe { Link = Link(EndpointLink, ZiaScimSetupStatus.NotChecked, $"Base URL or token not read: {ex.ErrorId}.", ex.Message,
                $"New-ZiaScimBearerToken -IdentityProvider '{name}' creates a token; Get-ZiaScimBaseUrl shows the URL.", name) };
        }
        connect.Timeout = ProbeTimeout;
        connect.Proxy = session.Proxy;
        connect.MaxRetry = 1;
        ScimConnectionTest test;
        try
        {
            using ScimConnection connection = ScimConnector.Connect(connect);
            test = await ScimConnectionTester.TestAsync(connection, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            return new ScimProbe { Link = Link(EndpointLink, ZiaScimSetupStatus.NotChecked, $"Not probed: {ex.ErrorId}.", ex.Message, "Fix what the message names, then run Test-ZiaScimSetup again.", connect.BaseUrl.ToString()) };
        }
        cancel.ThrowIfCancellationRequested();
        string evidence = $"{connect.BaseUrl}: {(test.StatusCode == 0 ? "no answer" : "HTTP " + test.StatusCode.ToString(CultureInfo.InvariantCulture))} in {test.ElapsedMs} ms.";
        ZiaScimSetupStatus verdict = Verdict(test);
        if (verdict == ZiaScimSetupStatus.Pass)
        {
            return new ScimProbe { Link = Link(EndpointLink, ZiaScimSetupStatus.Pass, evidence.TrimEnd('.') + "; the token ZIA holds is accepted.", null, null, connect.BaseUrl.ToString()), BaseUrl = connect.BaseUrl };
        }
        if (verdict == ZiaScimSetupStatus.NotChecked)
        {
            return new ScimProbe { Link = Link(EndpointLink, ZiaScimSetupStatus.NotChecked, evidence, "The SCIM endpoint did not answer: " + test.Message, "Check the network path to the SCIM host (proxy, firewall, TLS inspection), then run Test-ZiaScimSetup again.", connect.BaseUrl.ToString()), BaseUrl = connect.BaseUrl };
        }
        // Refused: while a change is pending, the saved token or switch is the likely reason (the endpoint serves the active state).
        bool pending = status?.Status == ZiaActivationState.Pending;
        string fix = pending ? "Publish-ZiaChange activates the saved token and switch."
            : test.StatusCode == 401 ? $"New-ZiaScimBearerToken -IdentityProvider '{name}' then Publish-ZiaChange, and give the IdP the new token (Update-ZiaScimBearerToken does all of it)."
            : $"Get-ZiaScimBaseUrl -IdentityProvider '{name}' shows the URL to use; Enable-ZiaScimProvisioning -IdentityProvider '{name}' -Activate if SCIM is not served.";
        string cause = (pending ? "A change is pending activation, and the endpoint serves only the active state. " : string.Empty) + test.Message;
        return new ScimProbe
        {
            Link = Link(EndpointLink, ZiaScimSetupStatus.Fail, evidence, cause, fix, connect.BaseUrl.ToString()),
            BaseUrl = connect.BaseUrl,
            RefusedSaved = pending && test.StatusCode is 401 or 404 ? test.StatusCode : null,
        };
    }

    // Authenticated: Pass; an answer that refused (4xx): Fail; no answer, a proxy's page or a 5xx: the service did not answer.
    private static ZiaScimSetupStatus Verdict(ScimConnectionTest test) =>
        test.Authenticated ? ZiaScimSetupStatus.Pass
            : test.StatusCode is >= 400 and < 500 && test.StatusCode != 407 && test.StatusCode != 429 ? ZiaScimSetupStatus.Fail
            : ZiaScimSetupStatus.NotChecked;

    private static async Task<ZiaScimSetupLink> RefusalsAsync(ZiaSession session, ZiaIdentityProvider? idp, DateTime since, TimeSpan timeout, OperationLog log, CancellationToken cancel)
    {
        DateTime until = DateTime.Now;
        EventLogQuery query = new() { Since = since, Until = until, Result = ZiaEventLogResult.Failure };
        List<ZiaEventLogEntry> failures = new();
        try
        {
            query.Check(until);
            // The event log holds SCIM client activity (zia/about-event-logs): no category guess narrows it.
            await EventLogReports.ReadAsync(session, query, timeout, failures.Add, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            string fix = ex.ErrorId switch
            {
                "ZiaAccessDenied" => "Give the admin's role access to Event Logs (Administration > Role Management), then run Test-ZiaScimSetup again.",
                "ZiaEventLogTimeout" => "Run Test-ZiaScimSetup again later, or with a larger -EventLogTimeoutSec.",
                "ZiaEventLogWindowTooLong" => "Give -Since within the last 14 days.",
                _ => "Fix what the message names, then run Test-ZiaScimSetup again (Get-ZiaEventLog -Result Failure reads the same log).",
            };
            return Link(RefusalsLink, ZiaScimSetupStatus.NotChecked, $"Event log not read: {ex.ErrorId}.", ex.Message, fix, session.ToString());
        }
        string window = $"since {since:g}";
        if (failures.Count == 0)
        {
            return Link(RefusalsLink, ZiaScimSetupStatus.Pass, $"No SCIM failures in ZIA's event log {window}.", null, null, session.ToString());
        }
        IReadOnlyList<RefusalGroup> groups = ZiaRefusals.Group(failures);
        bool known = groups.Any(g => g.Cause != RefusalCause.Other);
        string evidence = $"{failures.Count} SCIM failure{(failures.Count == 1 ? string.Empty : "s")} {window}: " +
            string.Join(", ", groups.Select(g => $"{g.Cause} {g.Entries.Count}")) + ".";
        return Link(RefusalsLink, known ? ZiaScimSetupStatus.Fail : ZiaScimSetupStatus.Warning, evidence,
            string.Join(" ", groups.Select(g => Sentence(ZiaRefusals.Describe(g)))),
            string.Join(" ", groups.Select(g => ZiaRefusals.Fix(g, idp?.Name))), session.ToString());
    }

    // SCIM off: the URL the IdP should hold once it is on.
    private static Uri? ExpectedBaseUrl(ZiaSession session, ZiaIdentityProvider idp)
    {
        try
        {
            return ScimEndpoints.For(session, idp).Endpoint.BaseUrl;
        }
        catch (ZiaException)
        {
            return null;
        }
    }

    private static ZiaScimSetupLink Link(string link, ZiaScimSetupStatus status, string evidence, string? cause, string? fix, string? target) =>
        // Evidence and causes come from services' answers: clear any secret the module knows of, whatever a server echoed.
        new(link, status, SecretValues.Redact(evidence), cause is null ? null : SecretValues.Redact(cause), fix, target);

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1) + (text.EndsWith(".", StringComparison.Ordinal) ? string.Empty : ".");
}
