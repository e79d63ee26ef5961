using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsData.Sync, "ZiaScimGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimGroupSyncResult))]
public sealed class SyncZiaScimGroupCommand : ScimSyncCmdlet
{
    private readonly List<WantedGroup> _wanted = new();
    private readonly Dictionary<ScimSyncAction, int> _counts = new();

    /// <summary>Groups with DisplayName (or Name), optional ExternalId, and Members: userNames (an array, or one string separated by ';').</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>None (default) leaves the server's other groups alone; Delete removes them.</summary>
    [Parameter]
    [ValidateSet(nameof(ScimDeprovisionMode.None), nameof(ScimDeprovisionMode.Delete))]
    public ScimDeprovisionMode Deprovision { get; set; } = ScimDeprovisionMode.None;

    /// <summary>The most groups -Deprovision Delete may delete in one run; by default the larger of 10 and 5% of the server's groups.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int DeprovisionLimit { get; set; }

    protected override void ProcessRecord() => _wanted.Add(SourceMapping.MapGroup(InputObject!, _wanted.Count + 1));

    protected override void EndProcessing()
    {
        ScimConnection connection = ResolveConnection();
        GroupSnapshot server = null!;
        try
        {
            // Read groups and (when membership is managed) the users the diff needs once, paged.
            HashSet<string>? names = null;
            if (_wanted.Any(w => w.Members is { Count: > 0 }))
            {
                names = new HashSet<string>(UserNameComparer.Instance);
                foreach (WantedGroup wanted in _wanted)
                {
                    names.UnionWith(wanted.Members ?? Array.Empty<string>());
                }
            }
            server = Run((log, cancel) => ServerSnapshot.GroupsAsync(connection, names, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(new ZiaException(ex.ErrorId, ex.Category, $"Could not read the server's groups and users, so nothing was planned or written: {ex.Message}", connection.BaseUrl, ex));
        }

        bool delete = Deprovision == ScimDeprovisionMode.Delete;
        if (delete && _wanted.Count == 0)
        {
            Fail(new ZiaException("ScimSyncEmptyInput", ErrorCategory.InvalidData,
                "The input held no groups; with -Deprovision Delete that would delete every group on the server. Nothing was changed.", connection.BaseUrl));
        }
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(_wanted, server.Groups, server.UserIdsByName, server.UserNamesById, delete);
        if (delete && plan.Any(p => p.Action == ScimSyncAction.Failed))
        {
            WriteWarning($"{plan.Count(p => p.Action == ScimSyncAction.Failed)} input group(s) could not be used (see the Failed results), so -Deprovision Delete was skipped: their groups would have been taken for absent ones.");
        }
        // ZIdentity's dynamic groups are never deleted for being absent from the input.
        int leftAlone = plan.RemoveAll(p => p.Action == ScimSyncAction.Deleted && ZIdentityGroups.IsManaged(connection, p.Id!));
        if (leftAlone > 0)
        {
            WriteVerbose($"{leftAlone} group(s) that ZIdentity manages itself are not in the input; they are left alone.");
        }
        // One request a group and one more for each further 100 members; with Bulk, the groups of one request each share requests.
        List<PlannedGroup> writing = plan.Where(Writes).ToList();
        if (writing.Count > 0)
        {
            CheckDuration(connection, Run((log, cancel) => GroupSyncApplier.EstimateAsync(connection, writing, log, cancel)), "Sync-ZiaScimGroup");
        }
        int deletions = plan.Count(p => p.Action == ScimSyncAction.Deleted);
        bool limitGiven = MyInvocation.BoundParameters.ContainsKey(nameof(DeprovisionLimit));
        int limit = DeprovisionLimits.Of(limitGiven ? DeprovisionLimit : null, server.Groups.Count);
        int heldBack = 0;
        if (deletions > limit)
        {
            WriteError(DeprovisionLimits.Exceeded(Deprovision, "group", deletions, limit, limitGiven, server.Groups.Count, connection.BaseUrl).ToErrorRecord());
            heldBack = plan.RemoveAll(p => p.Action == ScimSyncAction.Deleted);
            deletions = 0;
        }
        bool deleteConfirmed = deletions == 0 || ShouldProcessAsHighImpact(connection.BaseUrl.ToString(), $"Delete {deletions} group(s) that are not in the input");
        Dictionary<string, int> skippedBy = new();
        foreach (PlannedGroup step in plan.Where(p => p.SkipReason is not null))
        {
            skippedBy[step.SkipReason!] = (skippedBy.TryGetValue(step.SkipReason!, out int n) ? n : 0) + Math.Max(1, step.SkippedMembers);
        }
        // Per group, so that -WhatIf shows the plan and -Confirm can pick; the results of groups that need no write go out at once.
        List<PlannedGroup> confirmed = new();
        foreach (PlannedGroup step in plan)
        {
            if (!Writes(step))
            {
                Report(step, step.Action, step.Error, step.Id);
            }
            else if (step.Action == ScimSyncAction.Updated && ZIdentityGroups.IsManaged(connection, step.Id!))
            {
                step.Added.Clear();
                step.Removed.Clear();
                Report(step, ScimSyncAction.Failed, ZIdentityGroups.Managed(connection, step.Id!, step.DisplayName, "change the members of", refusedByServer: false).Message, step.Id);
            }
            else if ((step.Action != ScimSyncAction.Deleted || deleteConfirmed) && ShouldChange(step.DisplayName, Describe(step)))
            {
                confirmed.Add(step);
            }
        }
        if (confirmed.Count > 0)
        {
            try
            {
                Run(async (log, cancel) =>
                {
                    GroupSyncApplier applier = new(connection, confirmed.Count, log, (step, id, error) =>
                        log.Add(c => Report(step, error is null ? step.Action : ScimSyncAction.Failed, error ?? step.Error, id)));
                    await applier.ApplyAsync(confirmed, cancel).ConfigureAwait(false);
                });
            }
            catch (ZiaException ex)
            {
                WriteError(ex.ToErrorRecord());
            }
        }
        ScimSyncSummary outcome = new("Sync-ZiaScimGroup", _counts, 0, heldBack);
        string summary = outcome.Describe();
        WriteOutcome(outcome, ScimSyncSummary.Tag);
        foreach (KeyValuePair<string, int> reason in skippedBy)
        {
            WriteWarning($"{reason.Value} {(reason.Key.StartsWith("group", StringComparison.Ordinal) ? "group(s)" : "membership(s)")} not sent because {reason.Key}. See the results' Error.");
        }
        if (_counts.TryGetValue(ScimSyncAction.Failed, out int failed))
        {
            WriteError(new ZiaException("ScimSyncItemsFailed", ErrorCategory.NotSpecified,
                $"{failed} group(s) failed{(summary == $"{failed} failed" ? ", and no other group was synced" : $"; all in all: {summary}")}. See the results with Action = Failed for each reason.", connection.BaseUrl).ToErrorRecord());
        }
    }

    private void Report(PlannedGroup step, ScimSyncAction action, string? error, string? id)
    {
        _counts[action] = _counts.TryGetValue(action, out int n) ? n + 1 : 1;
        WriteObject(new ScimGroupSyncResult(step.DisplayName, action, step.Added.ToArray(), step.Removed.ToArray(), error, id));
    }

    private static bool Writes(PlannedGroup step) => step.Action is not (ScimSyncAction.Unchanged or ScimSyncAction.Failed or ScimSyncAction.Skipped);

    private static string Describe(PlannedGroup step) => step.Action switch
    {
        ScimSyncAction.Created => $"Create SCIM group with {step.AddIds.Count} member(s)",
        ScimSyncAction.Deleted => "Delete SCIM group (not in the input)",
        _ => $"Add {step.AddIds.Count} and remove {step.RemoveIds.Count} member(s)",
    };
}
