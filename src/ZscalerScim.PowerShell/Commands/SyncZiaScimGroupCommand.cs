using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsData.Sync, "ZiaScimGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimGroupSyncResult))]
public sealed class SyncZiaScimGroupCommand : ScimCmdlet
{
    private readonly List<WantedGroup> _wanted = new();

    /// <summary>Groups with DisplayName (or Name), optional ExternalId, and Members: userNames (an array, or one string separated by ';').</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>None (default) leaves the server's other groups alone; Delete removes them.</summary>
    [Parameter]
    [ValidateSet(nameof(ScimDeprovisionMode.None), nameof(ScimDeprovisionMode.Delete))]
    public ScimDeprovisionMode Deprovision { get; set; } = ScimDeprovisionMode.None;

    protected override void ProcessRecord()
    {
        PSObject input = InputObject!;
        object? Value(params string[] names) => names.Select(n => input.Properties[n]?.Value).FirstOrDefault(v => v is not null);
        object? members = Value("Members", "Member");
        _wanted.Add(new WantedGroup
        {
            DisplayName = Value("DisplayName", "Name")?.ToString() ?? string.Empty,
            ExternalId = Value("ExternalId", "ObjectGUID")?.ToString(),
            Members = members is null ? null : MemberNames(members),
        });
    }

    protected override void EndProcessing()
    {
        ScimConnection connection = ResolveConnection();
        List<ServerGroup> groups = new();
        Dictionary<string, string> idsByName = new(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string> namesById = new(StringComparer.Ordinal);
        try
        {
            // Read groups and (when membership is managed) users once, paged.
            Run(async (log, cancel) =>
            {
                await ScimClient.ListAsync(connection, ScimWire.Groups, null, null, item =>
                {
                    ScimGroup g = new(item, connection);
                    groups.Add(new ServerGroup { Id = g.Id, DisplayName = g.DisplayName, ExternalId = g.ExternalId, MemberIds = new HashSet<string>(g.MemberIds) });
                }, int.MaxValue, log, cancel).ConfigureAwait(false);
                if (_wanted.Any(w => w.Members is { Count: > 0 }))
                {
                    await ScimClient.ListAsync(connection, ScimWire.Users, null, null, item =>
                    {
                        string id = (string?)item["id"] ?? string.Empty, name = (string?)item["userName"] ?? string.Empty;
                        idsByName[name] = id;
                        namesById[id] = name;
                    }, int.MaxValue, log, cancel).ConfigureAwait(false);
                }
            });
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
        if (delete && _wanted.Any(w => w.DisplayName.Length == 0))
        {
            WriteWarning("Some input objects have no DisplayName, so -Deprovision Delete was skipped: their groups would have been taken for absent ones.");
            delete = false;
        }
        List<PlannedGroup> plan = GroupSyncPlanner.Plan(_wanted, groups, idsByName, namesById, delete);
        int deletions = plan.Count(p => p.Action == ScimSyncAction.Deleted);
        bool deleteConfirmed = deletions == 0 || ShouldProcessAsHighImpact(connection.BaseUrl.ToString(), $"Delete {deletions} group(s) that are not in the input");
        Dictionary<ScimSyncAction, int> counts = new();
        foreach (PlannedGroup step in plan)
        {
            ScimGroupSyncResult? result = Apply(connection, step, deleteConfirmed);
            if (result is not null)
            {
                counts[result.Action] = counts.TryGetValue(result.Action, out int n) ? n + 1 : 1;
                WriteObject(result);
            }
        }
        string summary = string.Join(", ", counts.Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}"));
        WriteInformation(new InformationRecord($"Sync-ZiaScimGroup: {(summary.Length == 0 ? "nothing to do" : summary)}.", "Sync-ZiaScimGroup"));
        if (counts.TryGetValue(ScimSyncAction.Failed, out int failed))
        {
            WriteError(new ZiaException("ScimSyncItemsFailed", ErrorCategory.NotSpecified,
                $"{failed} group(s) failed; the others were synced. See the results with Action = Failed for each reason.", connection.BaseUrl).ToErrorRecord());
        }
    }

    private ScimGroupSyncResult? Apply(ScimConnection connection, PlannedGroup step, bool deleteConfirmed)
    {
        ScimGroupSyncResult Result(ScimSyncAction action, string? error, string? id) =>
            new(step.DisplayName, action, step.Added.ToArray(), step.Removed.ToArray(), error, id);

        if (step.Action is ScimSyncAction.Unchanged or ScimSyncAction.Failed)
        {
            return Result(step.Action, step.Error, step.Id);
        }
        if ((step.Action == ScimSyncAction.Deleted && !deleteConfirmed) || !ShouldChange(step.DisplayName, Describe(step)))
        {
            return null;
        }
        try
        {
            string? id = step.Id;
            Run(async (log, cancel) =>
            {
                switch (step.Action)
                {
                    case ScimSyncAction.Created:
                        JObject body = new()
                        {
                            ["schemas"] = new JArray(ScimWire.GroupSchema),
                            ["displayName"] = step.DisplayName,
                            ["members"] = new JArray(step.AddIds.Select(m => new JObject { ["value"] = m })),
                        };
                        if (!string.IsNullOrEmpty(step.ExternalId))
                        {
                            body["externalId"] = step.ExternalId;
                        }
                        id = (string?)(await ScimClient.CreateAsync(connection, ScimWire.Groups, body, log, cancel).ConfigureAwait(false))["id"];
                        break;
                    case ScimSyncAction.Deleted:
                        await ScimClient.DeleteAsync(connection, ScimWire.Groups, step.Id!, log, cancel).ConfigureAwait(false);
                        break;
                    default:
                        // One PATCH with the difference only: adds and removes.
                        JArray ops = step.AddIds.Count > 0 ? ScimGroups.AddMembers(step.AddIds) : new JArray();
                        foreach (JToken op in ScimGroups.RemoveMembers(step.RemoveIds))
                        {
                            ops.Add(op);
                        }
                        await ScimClient.PatchAsync(connection, ScimWire.Groups, step.Id!, ops, false, log, cancel).ConfigureAwait(false);
                        break;
                }
            });
            return Result(step.Action, step.Error, id);
        }
        catch (ZiaException ex)
        {
            return Result(ScimSyncAction.Failed, ex.Message, step.Id);
        }
    }

    private static string Describe(PlannedGroup step) => step.Action switch
    {
        ScimSyncAction.Created => $"Create SCIM group with {step.AddIds.Count} member(s)",
        ScimSyncAction.Deleted => "Delete SCIM group (not in the input)",
        _ => $"Add {step.AddIds.Count} and remove {step.RemoveIds.Count} member(s)",
    };

    private static IReadOnlyList<string> MemberNames(object members)
    {
        object value = members is PSObject ps ? ps.BaseObject : members;
        if (value is string text)
        {
            return text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }
        if (value is IEnumerable many)
        {
            return many.Cast<object?>().Where(m => m is not null).Select(m =>
            {
                PSObject o = PSObject.AsPSObject(m!);
                return (o.Properties["UserPrincipalName"]?.Value ?? o.Properties["userName"]?.Value ?? o.BaseObject).ToString() ?? string.Empty;
            }).Where(s => s.Length > 0).ToList();
        }
        return new[] { value.ToString() ?? string.Empty };
    }
}
