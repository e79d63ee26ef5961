using System.Threading;
using System.Threading.Tasks;
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
                return (await ScimGroups.CreateAsync(connection, step.DisplayName, step.ExternalId, step.AddIds, log, cancel).ConfigureAwait(false)).Id;
            case ScimSyncAction.Deleted:
                await ScimGroups.DeleteAsync(connection, step.Id!, log, cancel).ConfigureAwait(false);
                return step.Id;
            default:
                // One PATCH with the difference only: adds and removes.
                await ScimGroups.ChangeMembersAsync(connection, step.Id!, step.AddIds, step.RemoveIds, log, cancel).ConfigureAwait(false);
                return step.Id;
        }
    }
}
