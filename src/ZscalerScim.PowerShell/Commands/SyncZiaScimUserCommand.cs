using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;
using ZscalerScim.ZIdentity;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsData.Sync, "ZiaScimUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimSyncResult))]
public sealed class SyncZiaScimUserCommand : ScimSyncCmdlet
{
    private readonly InputRows _input = new();
    private PSObject? _first;
    // Input columns no attribute reads, in the order first met: warned about once, at the end of the input.
    private readonly List<string> _unmapped = new();
    private readonly HashSet<string> _columnsMet = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users from Get-ADUser, Get-MgUser, Import-Csv (SCIM column names) or any object with those properties.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>SCIM attribute (userName, givenName, familyName, displayName, department, email, externalId, active) to a property name or a script block over $_.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? AttributeMap { get; set; }

    /// <summary>What to do with the server's users that are not in the input.</summary>
    [Parameter]
    public ScimDeprovisionMode Deprovision { get; set; } = ScimDeprovisionMode.None;

    /// <summary>The most users -Deprovision may disable or delete in one run; by default the larger of 10 and 5% of the server's users.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int DeprovisionLimit { get; set; }

    /// <summary>The domains registered with ZIA, for a run without a ZIA session (Connect-Zia): users of other domains are not sent.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RegisteredDomain { get; set; }

    /// <summary>Disable or delete SCIM users linked to ZIA admin accounts too (Zscaler then disables or deletes the admin).</summary>
    [Parameter]
    public SwitchParameter IncludeAdminAccounts { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            SourceMapping.CheckMap(AttributeMap);
        }
        catch (ArgumentException ex)
        {
            Fail(new ZiaException("ScimInvalidAttributeMap", ErrorCategory.InvalidArgument, ex.Message, AttributeMap));
        }
    }

    protected override void ProcessRecord()
    {
        _first ??= InputObject;
        _input.Add(SourceMapping.Map(InputObject!, AttributeMap, _input.Count + 1));
        // Reading every property of every row costs more than the lookups the sync needs: the columns of the first
        // thousand rows are checked, then one row in a thousand (a CSV's columns are the same on every row).
        if (_input.Count <= 1000 || _input.Count % 1000 == 0)
        {
            foreach (string column in SourceMapping.UnmappedColumns(InputObject!, AttributeMap))
            {
                if (_columnsMet.Add(column))
                {
                    _unmapped.Add(column);
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_unmapped.Count > 0)
        {
            WriteWarning($"Input column(s) {string.Join(", ", _unmapped.Select(c => $"'{c}'"))} match no SCIM attribute and were ignored. " +
                $"The names read are: {SourceMapping.AcceptedNames}. Rename the column, or map it with -AttributeMap @{{ <attribute> = '<column>' }}.");
        }
        // A source without a userName column would fail every row (and skip deprovisioning): say it once, before any request.
        if (_input.Count > 0 && !_input.AnyUserName)
        {
            string properties = string.Join(", ", _first!.Properties.Select(p => p.Name).Take(20));
            Fail(new ZiaException("ScimSyncNoUserNameProperty", ErrorCategory.InvalidData,
                $"No input object has a userName property (looked for {SourceMapping.UserNameSources(AttributeMap)}). The first object's properties are: {(properties.Length == 0 ? "none" : properties)}. " +
                "Name the property that holds the userName with -AttributeMap @{ userName = '<property>' }. Nothing was read from or written to the server.", _first));
        }

        ScimConnection connection = ResolveConnection();
        Dictionary<ScimSyncAction, int> counts = Enum.GetValues(typeof(ScimSyncAction)).Cast<ScimSyncAction>().ToDictionary(a => a, _ => 0);
        // Only names, and only where they are checked: results stream out and are never all held.
        List<string>? arrived = connection.Kind == ScimServerKind.ZIdentity && ZIdentityApi.IsAvailable(SessionStore.Zia) ? new() : null;
        void Report(ScimSyncResult result)
        {
            counts[result.Action]++;
            if (result.Action is ScimSyncAction.Created or ScimSyncAction.Updated or ScimSyncAction.Reactivated)
            {
                arrived?.Add(result.UserName);
            }
            WriteObject(result);
        }

        // Read the server's users once, paged; everything after is planned from that.
        ServerUsers server = null!;
        try
        {
            server = Run((log, cancel) => ServerSnapshot.UsersAsync(connection, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(new ZiaException(ex.ErrorId, ex.Category, $"Could not read the server's users, so nothing was planned or written: {ex.Message}", connection.BaseUrl, ex));
        }
        WriteVerbose($"Read {server.Count} user(s) from {connection.BaseUrl}; {_input.Count} in the input.");

        string verb = Deprovision == ScimDeprovisionMode.Delete ? "delete" : "disable";
        // A cut-short input would deprovision everyone it lacks: refuse an empty one.
        if (Deprovision != ScimDeprovisionMode.None && _input.Count == 0)
        {
            Fail(new ZiaException("ScimSyncEmptyInput", ErrorCategory.InvalidData,
                $"The input held no users; with -Deprovision {Deprovision} that would {verb} every user on the server. Nothing was changed.", connection.BaseUrl));
        }
        // ZIA's rules, read once: registered domains, and the admin accounts when the run may disable, delete or rename.
        // Which server user each row means, found once: its renames decide whether admin links are read.
        SyncMatch match = SyncPlanner.Match(_input, server);
        bool mayDeprovision = Deprovision != ScimDeprovisionMode.None || _input.AnyInactive || match.Renames.Any();
        ZiaSession? zia = SessionStore.Zia;
        SyncRules rules = Run((log, cancel) => SyncRules.ReadAsync(zia, connection, RegisteredDomain, mayDeprovision ? () => SyncPlanner.MayDeprovision(match, Deprovision) : null, IncludeAdminAccounts, log, cancel));
        Dictionary<string, int> skippedBy = new();
        void Count(PlannedUser step)
        {
            if (step.SkipReason is { } reason)
            {
                skippedBy[reason] = skippedBy.TryGetValue(reason, out int n) ? n + 1 : 1;
            }
        }

        bool limitGiven = MyInvocation.BoundParameters.ContainsKey(nameof(DeprovisionLimit));
        // Steps that write nothing are reported as they are decided, and not held: a re-sync is mostly unchanged users.
        SyncPlan plan = SyncPlanner.Plan(match, Deprovision, limitGiven ? DeprovisionLimit : null, rules, step =>
        {
            Count(step);
            Report(Result(step, step.Action, null));
        });
        CheckDuration(connection, plan.Steps.Count, "Sync-ZiaScimUser");
        // Planned: the server's users and the input's indexes are no longer needed (the input is: a user to create is read from it when sent).
        int serverUsers = server.Count;
        server = null!;
        match = null!;
        _input.ReleaseIndexes();
        bool deprovisions = !IncludeAdminAccounts && (plan.HeldBack > 0 || plan.Steps.Any(p => p.Action is ScimSyncAction.Disabled or ScimSyncAction.Deleted));
        bool renames = plan.Steps.Any(p => p.Action != ScimSyncAction.Created && p.Send?.UserName is not null);
        if (rules.Admins is null && (deprovisions || renames))
        {
            WriteWarning(AdminLinks.NotCheckedWarning);
        }
        if (Deprovision != ScimDeprovisionMode.None && plan.FailedInput > 0)
        {
            WriteWarning($"{plan.FailedInput} input object(s) could not be used (see the Failed results), so -Deprovision {Deprovision} was skipped: their users would have been taken for absent ones.");
        }
        if (plan.HeldBack > 0)
        {
            WriteError(DeprovisionLimits.Exceeded(Deprovision, "user", plan.HeldBack, plan.DeprovisionLimit, limitGiven, serverUsers, connection.BaseUrl).ToErrorRecord());
        }

        // Deprovisioning goes last and is confirmed once, as high impact: a No, or a session that cannot answer,
        // then costs only the deprovisioning, never the joiners and changes.
        List<PlannedUser> absent = plan.Steps.Where(p => p.Deprovision).ToList();
        int changes = plan.Steps.Count - absent.Count;
        // Per user, so that -WhatIf shows the plan and -Confirm can pick. The plan's own list then goes: at a million
        // steps, each copy of it is memory the writes could use.
        List<PlannedUser> confirmed = new(changes);
        foreach (PlannedUser step in plan.Steps)
        {
            if (!step.Deprovision && ShouldChange(step.UserName, Describe(step)))
            {
                confirmed.Add(step);
            }
        }
        plan.Steps.Clear();
        plan.Steps.TrimExcess();
        Apply(connection, confirmed, Report, rules, Count);
        if (absent.Count > 0 && ShouldProcessAsHighImpact(connection.BaseUrl.ToString(), $"{(Deprovision == ScimDeprovisionMode.Delete ? "Delete" : "Disable")} {absent.Count} user(s) that are not in the input",
                $"No user was {verb}d for being absent; the other changes were made (see the results)."))
        {
            Apply(connection, absent, Report, rules, Count);
            confirmed.AddRange(absent);
        }
        int skipped = changes + absent.Count - confirmed.Count;

        ReportZiaEntitlements(connection, arrived);

        ScimSyncSummary summary = new("Sync-ZiaScimUser", counts, skipped, plan.HeldBack);
        string rest = summary.Describe(withFailed: false);
        WriteOutcome(summary, ScimSyncSummary.Tag);
        // One line per rule, not one per user: what an admin reading a scheduled task's log acts on.
        foreach (KeyValuePair<string, int> reason in skippedBy)
        {
            WriteWarning($"{reason.Value} user(s) not sent because {reason.Key}. See the results with Action = Skipped.");
        }
        if (counts[ScimSyncAction.Failed] > 0)
        {
            // Failures are results, so one never stops the rest; this one error lets $? and -ErrorAction see them.
            WriteError(new ZiaException("ScimSyncItemsFailed", ErrorCategory.NotSpecified,
                $"{counts[ScimSyncAction.Failed]} user(s) failed{(rest.Length == 0 ? ", and no other user was synced" : $"; the rest: {rest}")}. See the results with Action = Failed for each reason.", connection.BaseUrl).ToErrorRecord());
        }
    }

    /// <summary>On a ZIdentity endpoint with a OneAPI session: the users this run provisioned that ZIA will not see until entitled.</summary>
    private void ReportZiaEntitlements(ScimConnection connection, List<string>? arrived)
    {
        if (connection.Kind != ScimServerKind.ZIdentity)
        {
            return;
        }
        if (arrived is null)
        {
            WriteVerbose("Users reach ZIA only through a ZIA service entitlement in ZIdentity; connect with Connect-Zia -VanityDomain -ClientId (OneAPI) to have the sync report the users without one.");
            return;
        }
        if (arrived.Count == 0)
        {
            return;
        }
        try
        {
            ZiaSession session = SessionStore.Zia!;
            var (unentitled, missing) = Run((log, cancel) => ZIdentityApi.WithoutZiaAsync(session, arrived, log, cancel));
            if (unentitled.Count > 0)
            {
                // The results have already gone down the pipeline (to Export-Csv, say): the full list goes to the
                // information stream, tagged, for a script (-InformationVariable); the warning is what a log shows.
                WriteInformation(new InformationRecord(unentitled.ToArray(), "Sync-ZiaScimUser") { Tags = { UnentitledTag } });
                WriteWarning($"{unentitled.Count} user(s) arrived in ZIdentity but have no ZIA service entitlement, so they will not reach ZIA until entitled: {string.Join(", ", unentitled.Take(10))}{(unentitled.Count > 10 ? ", ..." : string.Empty)}. " +
                    $"Assign ZIA to them or to one of their groups in the ZIdentity Admin Portal (Administration > Entitlements > Service). The full list is on the information stream, tagged '{UnentitledTag}'.");
            }
            if (missing.Count > 0)
            {
                WriteVerbose($"{missing.Count} user(s) are not listed by the ZIdentity API yet, so their entitlements were not checked: {string.Join(", ", missing.Take(10))}.");
            }
        }
        catch (ZiaException ex)
        {
            WriteWarning($"The users were synced, but their ZIA service entitlements could not be checked through the ZIdentity API: {ex.Message}");
        }
    }

    /// <summary>The information record that lists the users without a ZIA service entitlement.</summary>
    public const string UnentitledTag = "ZiaServiceEntitlementMissing";

    private void Apply(ScimConnection connection, List<PlannedUser> steps, Action<ScimSyncResult> report, SyncRules rules, Action<PlannedUser> count)
    {
        if (steps.Count == 0)
        {
            return;
        }
        try
        {
            Run(async (log, cancel) =>
            {
                SyncApplier applier = new(connection, steps.Count, "Sync-ZiaScimUser", log, (step, id, error) =>
                {
                    // Built on the pipeline thread as it is written: results waiting for Export-Csv then hold no text.
                    log.Add(c =>
                    {
                        count(step);
                        report(Result(step, error is null ? step.Action : ScimSyncAction.Failed, error, id));
                    });
                }) { Gate = new RuleGate(rules) };
                await applier.ApplyAsync(steps, cancel).ConfigureAwait(false);
            });
        }
        catch (ZiaException ex)
        {
            WriteError(ex.ToErrorRecord());
        }
    }

    // The step's own list, not a copy: a plan's lists are not changed once made, and a new user's (CreateChanges) is
    // described only if read, and then straight into the one line Export-Csv writes.
    private static ScimSyncResult Result(PlannedUser step, ScimSyncAction action, string? error, string? id = null) =>
        new(step.UserName, action, step.Changes as IList<string> ?? step.Changes.ToArray(), error ?? step.Error, id ?? step.Id);

    private static string Describe(PlannedUser step) =>
        step.Action == ScimSyncAction.Created ? "Create SCIM user" : $"{step.Action}: {string.Join("; ", step.Changes)}";
}
