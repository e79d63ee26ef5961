using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Carries out a plan: through /Bulk when the server advertises it (within maxOperations and
/// maxPayloadSize), else one request per user. One failing user never stops the rest. The steps are
/// independent (one step per user; deprovisioning comes in a call of its own), so several requests are
/// in flight at once and the connection's throttle paces them; results are still handed on in plan order.
/// A write whose answer was lost is settled by reading the user back (<see cref="OutcomeSettler"/>).
/// </summary>
internal sealed class SyncApplier
{
    private readonly ScimConnection _connection;
    private readonly OperationLog _log;
    private readonly InPlanOrder<(PlannedUser Step, string? Id, string? Error)> _results;

    /// <param name="activity">The progress bar's title: the command that runs the sync.</param>
    /// <param name="done">Called once per step, in plan order, with the server id (when known) and the error (null on success).
    /// Called from worker threads, one call at a time.</param>
    public SyncApplier(ScimConnection connection, int total, string activity, OperationLog log, Action<PlannedUser, string?, string?> done)
    {
        _connection = connection;
        _log = log;
        _results = new(total, activity, connection.BaseUrl, log, r => done(r.Step, r.Id, r.Error));
    }

    /// <summary>Consulted just before each step is sent, and told of each refusal (ZIA's rules); none by default.</summary>
    public IStepGate? Gate { get; init; }

    public async Task ApplyAsync(IReadOnlyList<PlannedUser> steps, CancellationToken cancel)
    {
        ScimCapabilities capabilities = await ScimClient.CapabilitiesAsync(_connection, _log, cancel).ConfigureAwait(false);
        int inFlight = InFlight.For(_connection.RequestsPerSecond);
        _results.Start(SyncEstimate.For(steps.Count, capabilities, _connection.RequestsPerSecond));
        // Steps in flight together cannot learn from each other's answers: the first step of each group the gate
        // names (a domain not yet known to be registered) goes ahead alone, so a refusal costs one request, not one per user.
        HashSet<string> seen = new(StringComparer.OrdinalIgnoreCase);
        HashSet<int> probed = new();
        for (int i = 0; Gate is not null && i < steps.Count; i++)
        {
            if (Gate.ProbeKey(steps[i]) is { } key && seen.Add(key))
            {
                probed.Add(i);
            }
        }
        // Numbered as they are sent, not copied: a first sync of a large tenant has a million steps.
        IEnumerable<(int Index, PlannedUser Step)> Phase(bool probes)
        {
            for (int i = 0; i < steps.Count; i++)
            {
                if (probed.Contains(i) == probes)
                {
                    yield return (i, steps[i]);
                }
            }
        }
        try
        {
            foreach (IEnumerable<(int Index, PlannedUser Step)> phase in new[] { Phase(probes: true), Phase(probes: false) })
            {
                if (capabilities.Bulk && capabilities.BulkMaxOperations > 1)
                {
                    int maxBytes = capabilities.BulkMaxPayloadSize > 0 ? capabilities.BulkMaxPayloadSize : int.MaxValue;
                    await InFlight.RunAsync(BulkBatch<PlannedUser>.Build(phase, capabilities.BulkMaxOperations, maxBytes, "u", Write), inFlight, batch => BulkAsync(batch, cancel), cancel).ConfigureAwait(false);
                }
                else
                {
                    await InFlight.RunAsync(phase.Where(n => Sendable(n.Index, n.Step, n.Step.Send)), inFlight, n => SingleAsync(n.Index, n.Step, cancel), cancel).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _results.Flush();
        }
        _results.Complete();
    }

    /// <summary>
    /// The one place a step is checked just before it is sent (as a request of its own or into a bulk request):
    /// false when it must not be sent, after finishing it (Failed, or Skipped by the gate).
    /// </summary>
    /// <param name="send">The step's <see cref="PlannedUser.Send"/>, read once by the caller (for a user to create, it is read from the input each time).</param>
    private bool Sendable(int index, PlannedUser step, UserFields? send)
    {
        // What earlier answers taught (a refused domain) holds back the steps not yet sent.
        if (Gate?.Hold(step, send) is { } held)
        {
            Finish(index, held, held.Id, null);
            return false;
        }
        // An id that is not one path segment would address the collection (/Users/..): that user fails alone.
        if (step.Id is { } id && !ScimClient.IsResourceId(id))
        {
            Finish(index, step, id, $"The server gave this user the id '{id}', which is not one path segment, so nothing was sent for it.");
            return false;
        }
        return true;
    }

    private async Task SingleAsync(int index, PlannedUser step, CancellationToken cancel)
    {
        try
        {
            string? id = step.Id;
            switch (step.Action)
            {
                case ScimSyncAction.Created:
                    id = (string?)(await ScimClient.CreateAsync(_connection, ScimWire.Users, step.Send!.ToResource(), _log, cancel).ConfigureAwait(false))["id"];
                    break;
                case ScimSyncAction.Deleted:
                    await ScimClient.DeleteAsync(_connection, ScimWire.Users, step.Id!, _log, cancel).ConfigureAwait(false);
                    break;
                default:
                    await ScimClient.PatchAsync(_connection, ScimWire.Users, step.Id!, step.Send!.ToPatch(), false, _log, cancel).ConfigureAwait(false);
                    break;
            }
            Finish(index, step, id, null);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            OutcomeSettler.Outcome outcome = await OutcomeSettler.SettleAsync(_connection, step, ex, _log, cancel).ConfigureAwait(false);
            Finish(index, step, outcome.Id, outcome.Error);
        }
        catch (ZiaException ex)
        {
            Finish(index, step, step.Id, await ExplainAsync(step, ex.StatusCode, ex.Message, cancel).ConfigureAwait(false));
        }
    }

    /// <summary>The gate's clearer words for a refusal (what the run learns from it), else the server's.</summary>
    private async Task<string> ExplainAsync(PlannedUser step, int? status, string error, CancellationToken cancel) =>
        (Gate is null ? null : await Gate.ExplainAsync(step, status, error, _log, cancel).ConfigureAwait(false)) ?? error;

    private async Task BulkAsync(BulkBatch<PlannedUser> batch, CancellationToken cancel)
    {
        if (batch.Operations.Count == 0)
        {
            return;
        }
        List<BulkResult?>? results;
        try
        {
            results = await batch.SendAsync(_connection, _log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            // The server may have carried out any of it: read each user back rather than guess.
            _log.Verbose($"The answer to a bulk request of {batch.Operations.Count} change(s) was lost ({ex.ErrorId}); reading the users back to see what the server holds.");
            foreach (BulkBatch<PlannedUser>.Entry entry in batch.Operations)
            {
                OutcomeSettler.Outcome outcome = await OutcomeSettler.SettleAsync(_connection, entry.Step, ex, _log, cancel).ConfigureAwait(false);
                Finish(entry.Index, entry.Step, outcome.Id, outcome.Error);
            }
            return;
        }
        catch (ZiaException ex)
        {
            foreach (BulkBatch<PlannedUser>.Entry entry in batch.Operations)
            {
                Finish(entry.Index, entry.Step, entry.Step.Id, ex.Message);
            }
            return;
        }

        if (results is null)
        {
            // Refused as a whole (413, 501): one request per user.
            foreach (BulkBatch<PlannedUser>.Entry entry in batch.Operations)
            {
                await SingleAsync(entry.Index, entry.Step, cancel).ConfigureAwait(false);
            }
            return;
        }
        BulkResult?[] answered = batch.Answered(results);
        for (int i = 0; i < batch.Operations.Count; i++)
        {
            (int index, PlannedUser step) = (batch.Operations[i].Index, batch.Operations[i].Step);
            BulkResult? result = answered[i];
            int status = result?.Code ?? 0;
            if (result is null || status == 0)
            {
                // The answer does not say what became of it (left out, a bulkId repeated, no status): the server may have done it.
                ZiaException unclear = new("ScimBulkAnswerUnclear", ErrorCategory.InvalidResult,
                    result is null ? "the bulk answer had no result that is surely this operation's" : "the bulk answer gave this operation no status", _connection.BaseUrl)
                { SaveState = SaveState.Unknown };
                OutcomeSettler.Outcome outcome = await OutcomeSettler.SettleAsync(_connection, step, unclear, _log, cancel).ConfigureAwait(false);
                Finish(index, step, outcome.Id, outcome.Error);
            }
            else if (status is >= 200 and < 300)
            {
                Finish(index, step, step.Id ?? result.CreatedId, null);
            }
            else
            {
                string detail = result.Detail ?? $"status {status}";
                Finish(index, step, step.Id, await ExplainAsync(step, status, $"The SCIM server refused it ({status}): {detail}", cancel).ConfigureAwait(false));
            }
        }
    }

    private void Finish(int index, PlannedUser step, string? id, string? error) => _results.Finish(index, (step, id, error));

    /// <summary>One bulk operation as JSON, written straight from the step; false, writing nothing, when it must not be sent.</summary>
    private bool Write(JsonWriter json, int index, PlannedUser step, string bulkId)
    {
        // Read once: for a user to create, it is read from the input each time.
        UserFields? send = step.Send;
        if (!Sendable(index, step, send))
        {
            return false;
        }
        json.WriteStartObject();
        json.WritePropertyName("bulkId");
        json.WriteValue(bulkId);
        json.WritePropertyName("method");
        switch (step.Action)
        {
            case ScimSyncAction.Created:
                json.WriteValue("POST");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimWire.Users);
                json.WritePropertyName("data");
                send!.WriteResource(json);
                break;
            case ScimSyncAction.Deleted:
                json.WriteValue("DELETE");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimClient.ResourcePath(ScimWire.Users, step.Id!));
                break;
            default:
                json.WriteValue("PATCH");
                json.WritePropertyName("path");
                json.WriteValue("/" + ScimClient.ResourcePath(ScimWire.Users, step.Id!));
                json.WritePropertyName("data");
                new JObject { ["schemas"] = new JArray(ScimWire.PatchOp), ["Operations"] = send!.ToPatch() }.WriteTo(json);
                break;
        }
        json.WriteEndObject();
        return true;
    }
}
