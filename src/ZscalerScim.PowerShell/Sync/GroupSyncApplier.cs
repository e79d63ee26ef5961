using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Carries out a group plan: create a group with its members, delete it, or PATCH the membership difference. When the
/// server offers Bulk, every step that is one request (at most <see cref="ServiceLimits.ScimMembersPerRequest"/>
/// members) goes as one operation of a bulk request, batched as the user sync batches (<see cref="BulkBatch{T}"/>); a
/// larger group goes as requests of its own, one after another. Several requests are in flight at once, paced by the
/// connection's throttle, and results are handed on in plan order. After a failure a step holds what the server holds.
/// </summary>
internal sealed class GroupSyncApplier
{
    private readonly ScimConnection _connection;
    private readonly OperationLog _log;
    private readonly InPlanOrder<(PlannedGroup Step, string? Id, string? Error)> _results;

    /// <param name="done">Called once per step, in plan order, with the group's id (when known) and the error (null on
    /// success); from worker threads, one call at a time.</param>
    public GroupSyncApplier(ScimConnection connection, int total, OperationLog log, Action<PlannedGroup, string?, string?> done)
    {
        _connection = connection;
        _log = log;
        _results = new(total, "Sync-ZiaScimGroup", connection.BaseUrl, log, r => done(r.Step, r.Id, r.Error));
    }

    /// <summary>The requests a step takes on its own: a group's members go at most ServiceLimits.ScimMembersPerRequest a request (a create carries the first of them).</summary>
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

    /// <summary>
    /// The time the steps take at the connection's rate: with Bulk (<paramref name="capabilities"/>), the one-request
    /// steps maxOperations a request, and the larger groups their own requests.
    /// </summary>
    public static SyncEstimate Estimate(IReadOnlyCollection<PlannedGroup> steps, ScimCapabilities? capabilities, double requestsPerSecond)
    {
        int per = ServiceLimits.ScimMembersPerRequest;
        if (capabilities is { Bulk: true, BulkMaxOperations: > 1 } bulk)
        {
            int one = steps.Count(s => Requests(s) == 1);
            int requests = (one + bulk.BulkMaxOperations - 1) / bulk.BulkMaxOperations + steps.Where(s => Requests(s) > 1).Sum(Requests);
            return SyncEstimate.Counted(steps.Count, requests, requestsPerSecond, $"Bulk, up to {bulk.BulkMaxOperations} groups a request; members {per} a request");
        }
        return SyncEstimate.Counted(steps.Count, steps.Sum(Requests), requestsPerSecond, $"{(capabilities is null ? "the server's capabilities are unknown" : "no Bulk")}; members {per} a request");
    }

    /// <summary>Reads the server's capabilities (once per connection, as the applier does) and estimates.</summary>
    public static async Task<SyncEstimate> EstimateAsync(ScimConnection connection, IReadOnlyCollection<PlannedGroup> steps, OperationLog log, CancellationToken cancel)
    {
        ScimCapabilities? capabilities = null;
        try
        {
            capabilities = await ScimClient.CapabilitiesAsync(connection, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            log.Verbose($"The server's capabilities could not be read ({ex.Message}); the estimate counts no Bulk.");
        }
        return Estimate(steps, capabilities, connection.RequestsPerSecond);
    }

    public async Task ApplyAsync(IReadOnlyList<PlannedGroup> steps, CancellationToken cancel)
    {
        ScimCapabilities capabilities = await ScimClient.CapabilitiesAsync(_connection, _log, cancel).ConfigureAwait(false);
        int inFlight = InFlight.For(_connection.RequestsPerSecond);
        _results.Start(Estimate(steps, capabilities, _connection.RequestsPerSecond));
        IEnumerable<(int Index, PlannedGroup Step)> Numbered(bool oneRequest)
        {
            for (int i = 0; i < steps.Count; i++)
            {
                if ((Requests(steps[i]) == 1) == oneRequest)
                {
                    yield return (i, steps[i]);
                }
            }
        }
        try
        {
            if (capabilities.Bulk && capabilities.BulkMaxOperations > 1)
            {
                int maxBytes = capabilities.BulkMaxPayloadSize > 0 ? capabilities.BulkMaxPayloadSize : int.MaxValue;
                await InFlight.RunAsync(BulkBatch<PlannedGroup>.Build(Numbered(oneRequest: true), capabilities.BulkMaxOperations, maxBytes, "g", Write), inFlight,
                    batch => BulkAsync(batch, cancel), cancel).ConfigureAwait(false);
                await InFlight.RunAsync(Numbered(oneRequest: false), inFlight, n => AloneAsync(n.Index, n.Step, cancel), cancel).ConfigureAwait(false);
            }
            else
            {
                await InFlight.RunAsync(steps.Select((step, i) => (i, step)), inFlight, n => AloneAsync(n.i, n.step, cancel), cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            _results.Flush();
        }
        _results.Complete();
    }

    /// <summary>A step in requests of its own (adds, then removes, a request's worth at a time).</summary>
    private async Task AloneAsync(int index, PlannedGroup step, CancellationToken cancel)
    {
        if (step.Action == ScimSyncAction.Deleted)
        {
            try
            {
                await ScimGroups.DeleteAsync(_connection, step.Id!, _log, cancel).ConfigureAwait(false);
                _results.Finish(index, (step, step.Id, null));
            }
            catch (ZiaException ex)
            {
                _results.Finish(index, (step, step.Id, ex.Message));
            }
            return;
        }
        MemberChange change = new(step.AddIds, step.RemoveIds);
        try
        {
            string? id = step.Id;
            if (step.Action == ScimSyncAction.Created)
            {
                id = (await ScimGroups.CreateAsync(_connection, step.DisplayName, step.ExternalId, change, _log, cancel).ConfigureAwait(false)).Id;
            }
            else
            {
                await ScimGroups.ChangeMembersAsync(_connection, step.Id!, change, _log, cancel).ConfigureAwait(false);
            }
            _results.Finish(index, (step, id, null));
        }
        catch (ZiaException ex)
        {
            string error = Partial(step, change, ex).Message;
            _results.Finish(index, (step, step.Id, error));
        }
    }

    private async Task BulkAsync(BulkBatch<PlannedGroup> batch, CancellationToken cancel)
    {
        List<BulkResult?>? results;
        try
        {
            results = await batch.SendAsync(_connection, _log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            // Refused whole, or (SaveState.Unknown) the answer was lost and the server may have made any of it.
            foreach (BulkBatch<PlannedGroup>.Entry entry in batch.Operations)
            {
                Refused(entry, ex);
            }
            return;
        }
        if (results is null)
        {
            // Refused as a whole (413, 501): one request per group.
            foreach (BulkBatch<PlannedGroup>.Entry entry in batch.Operations)
            {
                await AloneAsync(entry.Index, entry.Step, cancel).ConfigureAwait(false);
            }
            return;
        }
        BulkResult?[] answered = batch.Answered(results);
        for (int i = 0; i < batch.Operations.Count; i++)
        {
            BulkBatch<PlannedGroup>.Entry entry = batch.Operations[i];
            BulkResult? result = answered[i];
            int status = result?.Code ?? 0;
            if (result is null || status == 0)
            {
                Refused(entry, new ZiaException("ScimBulkAnswerUnclear", ErrorCategory.InvalidResult,
                    $"the bulk answer {(result is null ? "had no result that is surely this operation's" : "gave this operation no status")}, so the server may or may not have made this change; nothing was sent again, and the next sync reads the server afresh and sends what is still missing.",
                    _connection.BaseUrl) { SaveState = SaveState.Unknown });
            }
            else if (status is >= 200 and < 300)
            {
                _results.Finish(entry.Index, (entry.Step, entry.Step.Id ?? result.CreatedId, null));
            }
            else
            {
                ZiaException refused = new("ScimRequestFailed", ErrorCategory.InvalidOperation,
                    $"The SCIM server refused it ({status}): {result.Detail ?? $"status {status}"}", entry.Step.Id ?? entry.Step.DisplayName)
                { StatusCode = status, ServiceCode = result.ScimType, SaveState = SaveState.NotSaved };
                // On ZIdentity, a refused write to a group is ZIdentity keeping a dynamic group to itself (ZIdentityGroups).
                if (entry.Step.Id is { } id && _connection.Kind == ScimServerKind.ZIdentity && (status == 403 || (status == 400 && result.ScimType == "mutability")))
                {
                    _connection.ManagedGroups[id] = entry.Step.DisplayName;
                    refused = ZIdentityGroups.Managed(_connection, id, entry.Step.DisplayName, entry.Step.Action == ScimSyncAction.Deleted ? "delete" : "change the members of", refusedByServer: true, refused);
                }
                Refused(entry, refused);
            }
        }
    }

    /// <summary>A step of a bulk request the server did not carry out, or may not have (SaveState.Unknown).</summary>
    private void Refused(BulkBatch<PlannedGroup>.Entry entry, ZiaException ex)
    {
        PlannedGroup step = entry.Step;
        bool unknown = ex.SaveState == SaveState.Unknown;
        string message = Partial(step, new MemberChange(step.AddIds, step.RemoveIds) { LastUncertain = unknown }, ex).Message;
        _results.Finish(entry.Index, (step, step.Id, unknown && !message.StartsWith(OutcomeSettler.UnknownPrefix, StringComparison.Ordinal) ? $"{OutcomeSettler.UnknownPrefix} {message}" : message));
    }

    /// <summary>One step as a bulk operation.</summary>
    private static bool Write(JsonWriter json, int index, PlannedGroup step, string bulkId)
    {
        json.WriteStartObject();
        json.WritePropertyName("bulkId");
        json.WriteValue(bulkId);
        json.WritePropertyName("method");
        switch (step.Action)
        {
            case ScimSyncAction.Created:
                json.WriteValue("POST");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimWire.Groups);
                json.WritePropertyName("data");
                ScimGroups.CreateBody(step.DisplayName, step.ExternalId, step.AddIds, step.AddIds.Count).WriteTo(json);
                break;
            case ScimSyncAction.Deleted:
                json.WriteValue("DELETE");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimClient.ResourcePath(ScimWire.Groups, step.Id!));
                break;
            default:
                json.WriteValue("PATCH");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimClient.ResourcePath(ScimWire.Groups, step.Id!));
                json.WritePropertyName("data");
                MemberChange change = new(step.AddIds, step.RemoveIds);
                new JObject { ["schemas"] = new JArray(ScimWire.PatchOp), ["Operations"] = ScimGroups.PatchOperations(change, step.AddIds.Count, step.RemoveIds.Count) }.WriteTo(json);
                break;
        }
        json.WriteEndObject();
        return true;
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
