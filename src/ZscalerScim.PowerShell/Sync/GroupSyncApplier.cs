using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>Carries out one planned group step: create it with its members, delete it, or one PATCH with the membership difference.</summary>
internal static class GroupSyncApplier
{
    /// <summary>Returns the group's id (new for a created group).</summary>
    public static async Task<string?> ApplyAsync(ScimConnection connection, PlannedGroup step, OperationLog log, CancellationToken cancel)
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
                return (string?)(await ScimClient.CreateAsync(connection, ScimWire.Groups, body, log, cancel).ConfigureAwait(false))["id"];
            case ScimSyncAction.Deleted:
                await ScimClient.DeleteAsync(connection, ScimWire.Groups, step.Id!, log, cancel).ConfigureAwait(false);
                return step.Id;
            default:
                // One PATCH with the difference only: adds and removes.
                JArray ops = step.AddIds.Count > 0 ? ScimGroups.AddMembers(step.AddIds) : new JArray();
                foreach (JToken op in ScimGroups.RemoveMembers(step.RemoveIds))
                {
                    ops.Add(op);
                }
                await ScimClient.PatchAsync(connection, ScimWire.Groups, step.Id!, ops, false, log, cancel).ConfigureAwait(false);
                return step.Id;
        }
    }
}
