using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Carries out one planned group step: create it with its members, delete it, or PATCH the membership difference
/// (in requests of a bounded size, ScimGroups). After a failure the step holds what the server holds.
/// </summary>
internal static class GroupSyncApplier
{
    /// <summary>
    /// The requests a step takes: a group's members go at most ServiceLimits.ScimMembersPerRequest a request (a
    /// create carries the first of them), and group writes never go through Bulk.
    /// </summary>
    public static int Requests(PlannedGroup step)
    {
        int per = ServiceLimits.ScimMembersPerRequest;
        return step.Action switch
        {
            ScimSyncAction.Created => 1 + (Math.Max(0, step.AddIds.Count - per) + per - 1) / per,
            ScimSyncAction.Updated => (step.AddIds.Count + step.RemoveIds.Count + per - 1) / per,
            ScimSyncAction.Deleted => 1,
            _ => 0,
        };
    }

    /// <summary>Returns the group's id (new for a created group).</summary>
    public static async Task<string?> ApplyAsync(ScimConnection connection, PlannedGroup step, OperationLog log, CancellationToken cancel)
    {
        if (step.Action == ScimSyncAction.Deleted)
        {
            await ScimGroups.DeleteAsync(connection, step.Id!, log, cancel).ConfigureAwait(false);
            return step.Id;
        }
        MemberChange change = new(step.AddIds, step.RemoveIds);
        try
        {
            if (step.Action == ScimSyncAction.Created)
            {
                return (await ScimGroups.CreateAsync(connection, step.DisplayName, step.ExternalId, change, log, cancel).ConfigureAwait(false)).Id;
            }
            await ScimGroups.ChangeMembersAsync(connection, step.Id!, change, log, cancel).ConfigureAwait(false);
            return step.Id;
        }
        catch (ZiaException ex)
        {
            throw Partial(step, change, ex);
        }
    }

    /// <summary>
    /// Leaves in the step only the members the server took (in plan order), and names the ones it did not (or, when the
    /// failed request had no clear answer, the ones not known either way).
    /// </summary>
    private static ZiaException Partial(PlannedGroup step, MemberChange change, ZiaException ex)
    {
        step.Id ??= change.CreatedId;
        string notDone = change.LastUncertain ? "Not known to be" : "Not";
        List<string> parts = new();
        if (change.Added < step.Added.Count)
        {
            parts.Add($"{notDone} added: {string.Join(", ", step.Added.GetRange(change.Added, step.Added.Count - change.Added))}");
        }
        if (change.Removed < step.Removed.Count)
        {
            parts.Add($"{notDone.ToLowerInvariant()} removed: {string.Join(", ", step.Removed.GetRange(change.Removed, step.Removed.Count - change.Removed))}");
        }
        step.Added.RemoveRange(change.Added, step.Added.Count - change.Added);
        step.Removed.RemoveRange(change.Removed, step.Removed.Count - change.Removed);
        if (parts.Count == 0)
        {
            return ex;
        }
        return new ZiaException(ex.ErrorId, ex.Category, $"{ex.Message} {string.Join("; ", parts)}.", ex.Target, ex)
        {
            StatusCode = ex.StatusCode, ServiceCode = ex.ServiceCode, SaveState = ex.SaveState,
        };
    }
}
