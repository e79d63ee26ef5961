using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Zia;

namespace ZscalerScim.Sync;

/// <summary>What one sync knows of ZIA's rules before it writes: registered domains and the admin accounts.</summary>
internal sealed class SyncRules
{
    /// <summary>Never null; its list is unknown when neither a ZIA session nor -RegisteredDomain gave one.</summary>
    public RegisteredDomains Domains { get; init; } = new(null, "nowhere");

    /// <summary>Null when the run could not read them (no ZIA session, or the read failed).</summary>
    public AdminLinks? Admins { get; init; }

    public bool IncludeAdminAccounts { get; init; }

    /// <summary>The ZIA session of the SCIM connection's organization, for looking up a refused user.</summary>
    public ZiaSession? Zia { get; init; }

    public RuleBreak? Check(UserFields send) => ZiaRules.CheckUser(send, Domains);

    /// <summary>Why a disable or delete of this user is kept back (linked to an admin), unless -IncludeAdminAccounts.</summary>
    public RuleBreak? KeepAdmin(string userName, bool delete) => IncludeAdminAccounts ? null : Admins?.Keep(userName, delete);

    /// <summary>Why a rename onto an admin's login, or of an admin's user, is refused (whatever -IncludeAdminAccounts says); null when it is not, or admins are unknown.</summary>
    public string? RefuseRename(string? from, string to) => Admins?.RefuseRename(from, to);

    /// <summary>
    /// Reads what the run needs: the registered domains (from -RegisteredDomain, else orgInformation) and, when it may
    /// disable, delete or rename, the admin accounts. A ZIA session of another organization than the SCIM connection is not used.
    /// A read that fails is a warning: the run goes on with what it knows, as before these checks existed.
    /// </summary>
    /// <param name="mayDeprovision">The logins the run may disable, delete or rename, or null when it may do none of that.</param>
    public static async Task<SyncRules> ReadAsync(ZiaSession? zia, ScimConnection scim, IReadOnlyList<string>? registeredDomain, Func<IEnumerable<string>>? mayDeprovision, bool includeAdmins,
        OperationLog log, CancellationToken cancel)
    {
        bool readAdmins = mayDeprovision is not null;
        void Warn(string text) => log.Add(c => c.WriteWarning(text));
        zia = SessionFor(zia, scim, log);

        RegisteredDomains domains = new(null, "nowhere");
        if (registeredDomain is not null)
        {
            domains = new RegisteredDomains(registeredDomain, "-RegisteredDomain");
        }
        else if (zia is not null)
        {
            try
            {
                ZiaOrganization org = await Organization.GetAsync(zia, log, cancel).ConfigureAwait(false);
                domains = new RegisteredDomains(org.Domains, "orgInformation");
                log.Verbose($"Registered domains (orgInformation): {domains.Describe()}.");
            }
            catch (ZiaException ex) when (!cancel.IsCancellationRequested)
            {
                Warn($"Could not read the registered domains from ZIA ({ex.Message}); users are sent unchecked, and the first refusal of a domain keeps its other users back.");
            }
        }

        AdminLinks? admins = readAdmins && zia is not null ? await AdminLinks.ReadAsync(zia, includeAdmins, log, cancel).ConfigureAwait(false) : null;
        if (admins is not null && scim.Kind == ScimServerKind.ZIdentity && ZIdentity.ZIdentityApi.IsAvailable(zia))
        {
            await AddZIdentityAdminsAsync(admins, zia!, mayDeprovision!(), log, cancel).ConfigureAwait(false);
        }
        return new SyncRules { Domains = domains, Admins = admins, IncludeAdminAccounts = includeAdmins, Zia = zia };
    }

    /// <summary>
    /// On a ZIdentity endpoint, admins are ZIdentity users with a ZIA admin entitlement (their ZIA admin account may
    /// not share the login): read for the users the run may disable or delete. A failed read is a warning, as above.
    /// </summary>
    private static async Task AddZIdentityAdminsAsync(AdminLinks admins, ZiaSession zia, IEnumerable<string> candidates, OperationLog log, CancellationToken cancel)
    {
        try
        {
            List<string> logins = await ZIdentity.ZIdentityApi.ZiaAdminLoginsAsync(zia, candidates, log, cancel).ConfigureAwait(false);
            foreach (string login in logins)
            {
                admins.Add(login, $"ZIdentity user '{login}', which has a ZIA admin entitlement");
            }
            log.Verbose($"{logins.Count} of the users this run may disable or delete have a ZIA admin entitlement in ZIdentity.");
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            log.Add(c => c.WriteWarning($"Could not read the ZIA admin entitlements from the ZIdentity API ({ex.Message}); a user with one may be disabled or deleted, which disables that admin in ZIA. Check them in the ZIdentity Admin Portal (Administration > Entitlements) before the next run."));
        }
    }

    /// <summary>The ZIA session when it is connected and of the SCIM connection's organization (else null, with a warning for another organization).</summary>
    public static ZiaSession? SessionFor(ZiaSession? zia, ScimConnection scim, OperationLog log)
    {
        if (zia is null || !zia.IsConnected)
        {
            return null;
        }
        if (OrgIdOf(scim.BaseUrl) is { } scimOrg && zia.OrgId != 0 && zia.OrgId != scimOrg)
        {
            log.Add(c => c.WriteWarning($"The ZIA session ({zia}) is for organization {zia.OrgId}, the SCIM connection for {scimOrg}: its registered domains and admin accounts were not used. Run Connect-Zia for organization {scimOrg}."));
            return null;
        }
        return zia;
    }

    /// <summary>The organization in a SCIM base URL https://scim.&lt;cloud&gt;/&lt;orgId&gt;/&lt;idpId&gt;/scim.</summary>
    internal static long? OrgIdOf(Uri baseUrl)
    {
        string[] segments = baseUrl.AbsolutePath.Trim('/').Split('/');
        return segments.Length >= 3 && segments[segments.Length - 1].Equals("scim", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(segments[segments.Length - 3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long org)
            ? org : null;
    }
}

/// <summary>The applier's hook: consulted just before a step is sent, and told when the server refused one.</summary>
internal interface IStepGate
{
    /// <summary>A Skipped step to report instead of sending this one, or null to send it.</summary>
    PlannedUser? Hold(PlannedUser step, UserFields? send);

    /// <summary>
    /// Steps with the same key may be refused alike (a create in a domain the run does not know to be registered):
    /// the applier sends the first of each key ahead of the rest, so that its answer can hold the others back. Null: no key.
    /// </summary>
    string? ProbeKey(PlannedUser step);

    /// <summary>A clearer result for a refused step (and what the run learns from it), or null to keep the server's words.</summary>
    Task<string?> ExplainAsync(PlannedUser step, int? status, string detail, OperationLog log, CancellationToken cancel);
}

/// <summary>The sync's gate: keeps back users of a domain the server refused, and explains 409s.</summary>
internal sealed class RuleGate : IStepGate
{
    private readonly SyncRules _rules;

    public RuleGate(SyncRules rules) => _rules = rules;

    public string? ProbeKey(PlannedUser step) =>
        step.Action == ScimSyncAction.Created && !_rules.Domains.Known && RegisteredDomains.DomainOf(step.UserName) is { } domain ? domain : null;

    public PlannedUser? Hold(PlannedUser step, UserFields? send) =>
        send is not null && _rules.Check(send) is { } broken ? PlannedUser.Skipped(step.UserName, step.Id, step.Changes, broken) : null;

    public async Task<string?> ExplainAsync(PlannedUser step, int? status, string detail, OperationLog log, CancellationToken cancel)
    {
        if (step.Action == ScimSyncAction.Created && status == 400 && detail.IndexOf("domain", StringComparison.OrdinalIgnoreCase) >= 0
            && RegisteredDomains.DomainOf(step.UserName) is { } domain)
        {
            bool first = _rules.Domains.Learn(domain);
            return $"{detail} The domain {domain} is not registered with ZIA: ask Zscaler support to add it.{(first ? $" No other user of {domain} is sent in this run." : "")}";
        }
        if (step.Action == ScimSyncAction.Created && status == 409)
        {
            string where = "";
            if (_rules.Zia is { } zia)
            {
                try
                {
                    where = await ZiaUsers.DescribeAsync(zia, step.UserName, log, cancel).ConfigureAwait(false) is { } found ? $" {found}." : " ZIA's user list (GET /users) has no user of that name either.";
                }
                catch (ZiaException ex) when (!cancel.IsCancellationRequested)
                {
                    where = $" Looking it up in ZIA failed: {ex.Message}";
                }
            }
            return $"{detail} ZIA already has a user '{step.UserName}', but not behind this identity provider's SCIM endpoint: SAML auto-provisioning, another identity provider or the hosted database made it.{where} " +
                "To manage it here, move it as about_ZscalerScim says under 'Users that exist outside this endpoint' (the new IdP maps the same userName; remove the old user, or switch its repository with 'Disable Directory Sync & Enable SCIM Provisioning'). Nothing was created.";
        }
        if (step.Action == ScimSyncAction.Deleted && AdminLinks.IsAdminRefusal(status, detail))
        {
            return AdminLinks.RefusedDelete(step.UserName, detail);
        }
        return null;
    }
}
