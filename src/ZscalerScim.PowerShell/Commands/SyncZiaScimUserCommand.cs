using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsData.Sync, "ZiaScimUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimSyncResult))]
public sealed class SyncZiaScimUserCommand : ScimCmdlet
{
    private readonly List<InputUser> _input = new();
    private PSObject? _first;

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

    protected override void BeginProcessing()
    {
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
    }

    protected override void EndProcessing()
    {
        // A source without a userName column would fail every row (and skip deprovisioning): say it once, before any request.
        if (_input.Count > 0 && !_input.Any(i => i.HasUserName))
        {
            string properties = string.Join(", ", _first!.Properties.Select(p => p.Name).Take(20));
            Fail(new ZiaException("ScimSyncNoUserNameProperty", ErrorCategory.InvalidData,
                $"No input object has a userName property (looked for {SourceMapping.UserNameSources(AttributeMap)}). The first object's properties are: {(properties.Length == 0 ? "none" : properties)}. " +
                "Name the property that holds the userName with -AttributeMap @{ userName = '<property>' }. Nothing was read from or written to the server.", _first));
        }

        ScimConnection connection = ResolveConnection();
        Dictionary<ScimSyncAction, int> counts = Enum.GetValues(typeof(ScimSyncAction)).Cast<ScimSyncAction>().ToDictionary(a => a, _ => 0);
        void Report(ScimSyncResult result)
        {
            counts[result.Action]++;
            WriteObject(result);
        }

        // Read the server's users once, paged; everything after is planned from that.
        List<(string Id, UserFields Current)> server = null!;
        try
        {
            server = Run((log, cancel) => ServerSnapshot.UsersAsync(connection, _input, log, cancel));
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
        bool limitGiven = MyInvocation.BoundParameters.ContainsKey(nameof(DeprovisionLimit));
        SyncPlan plan = SyncPlanner.Plan(_input, server, Deprovision, limitGiven ? DeprovisionLimit : null);
        foreach (PlannedUser step in plan.Steps.Where(p => !p.Writes))
        {
            Report(Result(step, step.Action, null));
        }
        // Reported: a re-sync's many unchanged users need not be held while the rest is written.
        plan.Steps.RemoveAll(p => !p.Writes);
        if (Deprovision != ScimDeprovisionMode.None && plan.FailedInput > 0)
        {
            WriteWarning($"{plan.FailedInput} input object(s) could not be used (see the Failed results), so -Deprovision {Deprovision} was skipped: their users would have been taken for absent ones.");
        }
        if (plan.HeldBack > 0)
        {
            string limit = limitGiven ? $"-DeprovisionLimit {plan.DeprovisionLimit}" : $"the limit of {plan.DeprovisionLimit} ({SyncPlanner.DescribeDefaultLimit(server.Count)})";
            WriteError(new ZiaException("ScimDeprovisionLimitExceeded", ErrorCategory.LimitsExceeded,
                $"-Deprovision {Deprovision} would {verb} {plan.HeldBack} user(s) that are not in the input, more than {limit}, so no user was {verb}d for being absent; the other changes go ahead. " +
                $"Check that the input is complete. If these users did leave, run again with -DeprovisionLimit {plan.HeldBack}.", connection.BaseUrl).ToErrorRecord());
        }

        // Deprovisioning goes last and is confirmed once, as high impact: a No, or a session that cannot answer,
        // then costs only the deprovisioning, never the joiners and changes.
        List<PlannedUser> changes = plan.Steps.Where(p => p.Writes && !p.Deprovision).ToList();
        List<PlannedUser> absent = plan.Steps.Where(p => p.Deprovision).ToList();
        // Per user, so that -WhatIf shows the plan and -Confirm can pick.
        List<PlannedUser> confirmed = changes.Where(p => ShouldChange(p.UserName, Describe(p))).ToList();
        Apply(connection, confirmed, Report);
        if (absent.Count > 0 && ShouldProcessAsHighImpact(connection.BaseUrl.ToString(), $"{(Deprovision == ScimDeprovisionMode.Delete ? "Delete" : "Disable")} {absent.Count} user(s) that are not in the input",
                $"No user was {verb}d for being absent; the other changes were made (see the results)."))
        {
            Apply(connection, absent, Report);
            confirmed.AddRange(absent);
        }
        int skipped = changes.Count + absent.Count - confirmed.Count;

        string rest = Summary(counts, a => a != ScimSyncAction.Failed, skipped, plan.HeldBack);
        string summary = Summary(counts, _ => true, skipped, plan.HeldBack);
        WriteInformation(new InformationRecord($"Sync-ZiaScimUser: {(summary.Length == 0 ? "nothing to do" : summary)}.", "Sync-ZiaScimUser"));
        if (counts[ScimSyncAction.Failed] > 0)
        {
            // Failures are results, so one never stops the rest; this one error lets $? and -ErrorAction see them.
            WriteError(new ZiaException("ScimSyncItemsFailed", ErrorCategory.NotSpecified,
                $"{counts[ScimSyncAction.Failed]} user(s) failed{(rest.Length == 0 ? ", and no other user was synced" : $"; the rest: {rest}")}. See the results with Action = Failed for each reason.", connection.BaseUrl).ToErrorRecord());
        }
    }

    private void Apply(ScimConnection connection, List<PlannedUser> steps, Action<ScimSyncResult> report)
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
                    ScimSyncResult result = Result(step, error is null ? step.Action : ScimSyncAction.Failed, error, id);
                    log.Add(c => report(result));
                });
                await applier.ApplyAsync(steps, cancel).ConfigureAwait(false);
            });
        }
        catch (ZiaException ex)
        {
            WriteError(ex.ToErrorRecord());
        }
    }

    private static ScimSyncResult Result(PlannedUser step, ScimSyncAction action, string? error, string? id = null) =>
        new(step.UserName, action, step.Changes.ToArray(), error ?? step.Error, id ?? step.Id);

    private static string Summary(Dictionary<ScimSyncAction, int> counts, Func<ScimSyncAction, bool> which, int skipped, int heldBack) =>
        string.Join(", ", counts.Where(c => c.Value > 0 && which(c.Key)).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")
            .Concat(skipped > 0 ? new[] { $"{skipped} planned but not written" } : new string[0])
            .Concat(heldBack > 0 ? new[] { $"{heldBack} held back by -DeprovisionLimit" } : new string[0]));

    private static string Describe(PlannedUser step) =>
        step.Action == ScimSyncAction.Created ? "Create SCIM user" : $"{step.Action}: {string.Join("; ", step.Changes)}";
}
