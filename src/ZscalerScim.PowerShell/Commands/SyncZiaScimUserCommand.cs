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
    private readonly List<UserFields> _wanted = new();
    private readonly List<ScimSyncResult> _failedInput = new();

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
        try
        {
            _wanted.Add(SourceMapping.Map(InputObject!, AttributeMap));
        }
        catch (Exception ex) when (ex is RuntimeException || ex is FormatException)
        {
            // A script block of -AttributeMap failed, or a value cannot be read: this user fails, the rest go on.
            _failedInput.Add(new ScimSyncResult(InputObject!.ToString(), ScimSyncAction.Failed, new string[0], $"Could not read this input object: {ex.Message}", null));
        }
    }

    protected override void EndProcessing()
    {
        ScimConnection connection = ResolveConnection();
        Dictionary<ScimSyncAction, int> counts = Enum.GetValues(typeof(ScimSyncAction)).Cast<ScimSyncAction>().ToDictionary(a => a, _ => 0);
        void Report(ScimSyncResult result)
        {
            counts[result.Action]++;
            WriteObject(result);
        }
        _failedInput.ForEach(Report);

        // Read the server's users once, paged; everything after is planned from that.
        List<(string Id, UserFields Current)> server = new();
        try
        {
            Run((log, cancel) => ScimClient.ListAsync(connection, ScimWire.Users, null, null,
                item => server.Add(((string?)item["id"] ?? string.Empty, UserFields.FromUser(new ScimUser(item, connection)))), int.MaxValue, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(new ZiaException(ex.ErrorId, ex.Category, $"Could not read the server's users, so nothing was planned or written: {ex.Message}", connection.BaseUrl, ex));
        }
        WriteVerbose($"Read {server.Count} user(s) from {connection.BaseUrl}; {_wanted.Count} in the input.");

        ScimDeprovisionMode deprovision = Deprovision;
        if (deprovision != ScimDeprovisionMode.None)
        {
            // A cut-short input would deprovision everyone it lacks: refuse an empty one, skip with unreadable ones.
            if (_wanted.Count == 0 && _failedInput.Count == 0)
            {
                Fail(new ZiaException("ScimSyncEmptyInput", ErrorCategory.InvalidData,
                    $"The input held no users; with -Deprovision {Deprovision} that would {(Deprovision == ScimDeprovisionMode.Delete ? "delete" : "disable")} every user on the server. Nothing was changed.", connection.BaseUrl));
            }
            int unreadable = _failedInput.Count + _wanted.Count(w => string.IsNullOrEmpty(w.UserName));
            if (unreadable > 0)
            {
                WriteWarning($"{unreadable} input object(s) could not be read, so -Deprovision {Deprovision} was skipped: their users would have been taken for absent ones.");
                deprovision = ScimDeprovisionMode.None;
            }
        }
        List<PlannedUser> plan = SyncPlanner.Plan(_wanted, server, deprovision);
        foreach (PlannedUser step in plan.Where(p => !p.Writes))
        {
            Report(new ScimSyncResult(step.UserName, step.Action, step.Changes.ToArray(), step.Error, step.Id));
        }

        List<PlannedUser> writes = plan.Where(p => p.Writes).ToList();
        int planned = writes.Count;
        // Deprovisioning (deleting or disabling users absent from the input) is confirmed once, as high impact.
        List<PlannedUser> absent = writes.Where(IsDeprovision).ToList();
        if (absent.Count > 0 && !ShouldProcessAsHighImpact(connection.BaseUrl.ToString(),
                $"{(Deprovision == ScimDeprovisionMode.Delete ? "Delete" : "Disable")} {absent.Count} user(s) that are not in the input"))
        {
            writes.RemoveAll(IsDeprovision);
        }
        // Per user, so that -WhatIf shows the plan and -Confirm can pick.
        writes = writes.Where(p => IsDeprovision(p) || ShouldChange(p.UserName, Describe(p))).ToList();
        int skipped = planned - writes.Count;

        if (writes.Count > 0)
        {
            try
            {
                Run(async (log, cancel) =>
                {
                    SyncApplier applier = new(connection, writes.Count, log, (step, id, error) =>
                    {
                        ScimSyncResult result = error is null
                            ? new ScimSyncResult(step.UserName, step.Action, step.Changes.ToArray(), null, id)
                            : new ScimSyncResult(step.UserName, ScimSyncAction.Failed, step.Changes.ToArray(), error, id);
                        log.Add(c => Report(result));
                    });
                    await applier.ApplyAsync(writes, cancel).ConfigureAwait(false);
                });
            }
            catch (ZiaException ex)
            {
                WriteError(ex.ToErrorRecord());
            }
        }

        string summary = string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")
            .Concat(skipped > 0 ? new[] { $"{skipped} planned but not written" } : new string[0]));
        WriteInformation(new InformationRecord($"Sync-ZiaScimUser: {(summary.Length == 0 ? "nothing to do" : summary)}.", "Sync-ZiaScimUser"));
        if (counts[ScimSyncAction.Failed] > 0)
        {
            // Failures are results, so one never stops the rest; this one error lets $? and -ErrorAction see them.
            WriteError(new ZiaException("ScimSyncItemsFailed", ErrorCategory.NotSpecified,
                $"{counts[ScimSyncAction.Failed]} user(s) failed; the others were synced. See the results with Action = Failed for each reason.", connection.BaseUrl).ToErrorRecord());
        }
    }

    /// <summary>A step that acts on a server user because it is missing from the input.</summary>
    private static bool IsDeprovision(PlannedUser step) => step.Action == ScimSyncAction.Deleted || step.Changes.Any(c => c.StartsWith("not in the input", StringComparison.Ordinal));

    private static string Describe(PlannedUser step) => step.Action switch
    {
        ScimSyncAction.Created => "Create SCIM user",
        ScimSyncAction.Deleted => "Delete SCIM user (not in the input)",
        _ => $"{step.Action}: {string.Join("; ", step.Changes)}",
    };
}
