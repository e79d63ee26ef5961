using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Carries out a plan: through /Bulk when the server advertises it (within maxOperations and
/// maxPayloadSize), else one request per user. One failing user never stops the rest.
/// </summary>
internal sealed class SyncApplier
{
    private readonly ScimConnection _connection;
    private readonly OperationLog _log;
    private readonly Action<PlannedUser, string?, string?> _done;
    private readonly ProgressRecord _progress;
    private readonly int _total;
    private int _finished;

    /// <param name="activity">The progress bar's title: the command that runs the sync.</param>
    /// <param name="done">Called once per step with the server id (when known) and the error (null on success).</param>
    public SyncApplier(ScimConnection connection, int total, string activity, OperationLog log, Action<PlannedUser, string?, string?> done)
    {
        _connection = connection;
        _log = log;
        _done = done;
        _total = total;
        _progress = new ProgressRecord(2, activity, $"Writing {total} change(s) to {connection.BaseUrl}");
    }

    /// <summary>Consulted just before each step is sent, and told of each refusal (ZIA's rules); none by default.</summary>
    public IStepGate? Gate { get; init; }

    public async Task ApplyAsync(IReadOnlyList<PlannedUser> all, CancellationToken cancel)
    {
        // An id that is not one path segment would address the collection (/Users/..): that user fails alone.
        List<PlannedUser> steps = new();
        foreach (PlannedUser step in all)
        {
            if (step.Id is { } id && !ScimClient.IsResourceId(id))
            {
                Finish(step, id, $"The server gave this user the id '{id}', which is not one path segment, so nothing was sent for it.");
                continue;
            }
            steps.Add(step);
        }
        ScimCapabilities capabilities = await ScimClient.CapabilitiesAsync(_connection, _log, cancel).ConfigureAwait(false);
        if (capabilities.Bulk && capabilities.BulkMaxOperations > 1)
        {
            int maxBytes = capabilities.BulkMaxPayloadSize > 0 ? capabilities.BulkMaxPayloadSize : int.MaxValue;
            foreach (List<(PlannedUser Step, JObject Operation)> batch in Batches(steps, capabilities.BulkMaxOperations, maxBytes))
            {
                await BulkAsync(batch, cancel).ConfigureAwait(false);
            }
        }
        else
        {
            foreach (PlannedUser step in steps)
            {
                await SingleAsync(step, cancel).ConfigureAwait(false);
            }
        }
        _progress.RecordType = ProgressRecordType.Completed;
        _log.Progress(_progress);
    }

    private async Task SingleAsync(PlannedUser step, CancellationToken cancel)
    {
        if (Gate?.Hold(step) is { } held)
        {
            Finish(held, held.Id, null);
            return;
        }
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
            Finish(step, id, null);
        }
        catch (ZiaException ex)
        {
            Finish(step, step.Id, (Gate is null ? null : await Gate.ExplainAsync(step, ex.StatusCode, ex.Message, _log, cancel).ConfigureAwait(false)) ?? ex.Message);
        }
    }

    private async Task BulkAsync(List<(PlannedUser Step, JObject Operation)> batch, CancellationToken cancel)
    {
        // What earlier batches taught (a refused domain) holds back steps of this one; a sent batch cannot be recalled.
        if (Gate is not null)
        {
            batch = batch.Where(b => Gate.Hold(b.Step) is not { } held || Finished(held)).ToList();
            if (batch.Count == 0)
            {
                return;
            }
        }
        JObject request = BulkRequest(batch.Select(b => b.Operation));
        JArray results;
        try
        {
            var answer = await ScimClient.SendAsync(_connection, HttpMethod.Post, ScimWire.Bulk, request, _log, cancel).ConfigureAwait(false);
            results = answer.Json?["Operations"] as JArray ?? new JArray();
        }
        catch (ZiaException ex) when (ex.StatusCode is 413 or 501)
        {
            // The server refused the batch as a whole: fall back to one request per user.
            _log.Verbose($"The server refused a bulk request ({ex.StatusCode}); sending these {batch.Count} changes one by one.");
            foreach ((PlannedUser step, _) in batch)
            {
                await SingleAsync(step, cancel).ConfigureAwait(false);
            }
            return;
        }
        catch (ZiaException ex)
        {
            foreach ((PlannedUser step, _) in batch)
            {
                Finish(step, step.Id, ex.Message);
            }
            return;
        }

        Dictionary<string, JObject> byBulkId = results.OfType<JObject>().Where(r => r["bulkId"] is not null).ToDictionary(r => (string)r["bulkId"]!, r => r);
        for (int i = 0; i < batch.Count; i++)
        {
            (PlannedUser step, JObject operation) = batch[i];
            JObject? result = byBulkId.TryGetValue((string)operation["bulkId"]!, out JObject? r) ? r : i < results.Count ? results[i] as JObject : null;
            int status = Status(result?["status"]);
            if (status is >= 200 and < 300)
            {
                string? location = (string?)result!["location"];
                Finish(step, step.Id ?? location?.TrimEnd('/').Split('/').Last(), null);
            }
            else
            {
                string detail = (string?)result?["response"]?["detail"] ?? (result is null ? "the bulk answer had no result for it" : $"status {status}");
                string error = $"The SCIM server refused it ({status}): {detail}";
                Finish(step, step.Id, (Gate is null || result is null ? null : await Gate.ExplainAsync(step, status, error, _log, cancel).ConfigureAwait(false)) ?? error);
            }
        }
    }

    // Reports a step the gate held back; false, so that it leaves the batch.
    private bool Finished(PlannedUser held)
    {
        Finish(held, held.Id, null);
        return false;
    }

    private void Finish(PlannedUser step, string? id, string? error)
    {
        _done(step, id, error);
        _finished++;
        _progress.PercentComplete = Math.Min(100, _finished * 100 / Math.Max(1, _total));
        _progress.StatusDescription = $"{_finished} of {_total} written";
        _log.Progress(_progress);
    }

    /// <summary>Bulk requests of at most maxOperations operations and maxPayloadSize bytes each.</summary>
    private static IEnumerable<List<(PlannedUser, JObject)>> Batches(IReadOnlyList<PlannedUser> steps, int maxOperations, int maxBytes)
    {
        int empty = Size(BulkRequest(Enumerable.Empty<JObject>()));
        List<(PlannedUser, JObject)> batch = new();
        int bytes = empty;
        for (int i = 0; i < steps.Count; i++)
        {
            JObject operation = Operation(steps[i], $"u{i}");
            int size = Size(operation) + 1;
            if (batch.Count > 0 && (batch.Count >= maxOperations || bytes + size > maxBytes))
            {
                yield return batch;
                batch = new List<(PlannedUser, JObject)>();
                bytes = empty;
            }
            batch.Add((steps[i], operation));
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static JObject Operation(PlannedUser step, string bulkId)
    {
        JObject operation = new() { ["bulkId"] = bulkId };
        switch (step.Action)
        {
            case ScimSyncAction.Created:
                operation["method"] = "POST";
                operation["path"] = "/" + ScimWire.Users;
                operation["data"] = step.Send!.ToResource();
                break;
            case ScimSyncAction.Deleted:
                operation["method"] = "DELETE";
                operation["path"] = "/" + ScimClient.ResourcePath(ScimWire.Users, step.Id!);
                break;
            default:
                operation["method"] = "PATCH";
                operation["path"] = "/" + ScimClient.ResourcePath(ScimWire.Users, step.Id!);
                operation["data"] = new JObject { ["schemas"] = new JArray(ScimWire.PatchOp), ["Operations"] = step.Send!.ToPatch() };
                break;
        }
        return operation;
    }

    private static JObject BulkRequest(IEnumerable<JObject> operations) =>
        new() { ["schemas"] = new JArray(ScimWire.BulkRequest), ["Operations"] = new JArray(operations) };

    private static int Size(JToken token) => Encoding.UTF8.GetByteCount(token.ToString(Formatting.None));

    /// <summary>Bulk status comes as "201", 201, or {"code": 201} depending on the server.</summary>
    private static int Status(JToken? status) => status switch
    {
        JObject o => (int?)o["code"] ?? 0,
        JValue v when int.TryParse(v.ToString(System.Globalization.CultureInfo.InvariantCulture), out int code) => code,
        _ => 0,
    };
}
