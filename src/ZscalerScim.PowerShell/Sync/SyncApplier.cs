using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
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
/// maxPayloadSize), else one request per user. One failing user never stops the rest. The steps are
/// independent (one step per user; deprovisioning comes in a call of its own), so several requests are
/// in flight at once and the connection's throttle paces them; results are still handed on in plan order.
/// A write whose answer was lost is settled by reading the user back (<see cref="OutcomeSettler"/>).
/// </summary>
internal sealed class SyncApplier
{
    // More at once than this gains nothing at any SCIM limit we know and only crowds the server.
    private const int MostInFlight = 16;

    private readonly ScimConnection _connection;
    private readonly OperationLog _log;
    private readonly Action<PlannedUser, string?, string?> _done;
    private readonly ProgressRecord _progress;
    private readonly int _total;
    private readonly object _gate = new();
    // Results that finished ahead of an earlier step, by plan position, until it is their turn.
    private readonly Dictionary<int, (PlannedUser Step, string? Id, string? Error)> _early = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _next;
    private int _finished;

    /// <param name="activity">The progress bar's title: the command that runs the sync.</param>
    /// <param name="done">Called once per step, in plan order, with the server id (when known) and the error (null on success).
    /// Called from worker threads, one call at a time.</param>
    public SyncApplier(ScimConnection connection, int total, string activity, OperationLog log, Action<PlannedUser, string?, string?> done)
    {
        _connection = connection;
        _log = log;
        _done = done;
        _total = total;
        _progress = new ProgressRecord(2, activity, $"Writing {total} change(s) to {connection.BaseUrl}");
    }

    /// <summary>
    /// How many steps may be under way together: two seconds' worth at the connection's rate, so that while one
    /// second's worth awaits answers the next are queued at the throttle, ready to go the moment it lets them.
    /// The throttle, not this, decides how many reach the server in any second.
    /// </summary>
    internal static int InFlight(double requestsPerSecond) => Math.Max(1, Math.Min(MostInFlight, 2 * (int)Math.Ceiling(requestsPerSecond)));

    /// <summary>Consulted just before each step is sent, and told of each refusal (ZIA's rules); none by default.</summary>
    public IStepGate? Gate { get; init; }

    public async Task ApplyAsync(IReadOnlyList<PlannedUser> steps, CancellationToken cancel)
    {
        ScimCapabilities capabilities = await ScimClient.CapabilitiesAsync(_connection, _log, cancel).ConfigureAwait(false);
        int inFlight = InFlight(_connection.RequestsPerSecond);
        // Before the first write, the bar shows the time the plan takes at the connection's rate.
        SyncEstimate estimate = SyncEstimate.For(steps.Count, capabilities, _connection.RequestsPerSecond);
        _log.Progress(new ProgressRecord(_progress.ActivityId, _progress.Activity, $"0 of {_total} written; {estimate}")
        {
            PercentComplete = 0,
            SecondsRemaining = (int)Math.Ceiling(estimate.Duration.TotalSeconds),
        });
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
                    await InParallelAsync(Batches(phase, capabilities.BulkMaxOperations, maxBytes), inFlight, batch => BulkAsync(batch, cancel), cancel).ConfigureAwait(false);
                }
                else
                {
                    await InParallelAsync(phase.Where(n => Sendable(n.Index, n.Step, n.Step.Send)), inFlight, n => SingleAsync(n.Index, n.Step, cancel), cancel).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Stopped (Ctrl+C): what was done ahead of a step that never finished is still reported.
            lock (_gate)
            {
                foreach (int index in _early.Keys.OrderBy(i => i).ToList())
                {
                    (PlannedUser step, string? id, string? error) = _early[index];
                    _done(step, id, error);
                }
                _early.Clear();
            }
        }
        _progress.RecordType = ProgressRecordType.Completed;
        _log.Progress(_progress);
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

    /// <summary>Runs work for each item with at most inFlight at once; returns when every started one has ended.</summary>
    private static async Task InParallelAsync<T>(IEnumerable<T> items, int inFlight, Func<T, Task> work, CancellationToken cancel)
    {
        using SemaphoreSlim free = new(inFlight);
        List<Task> running = new();
        Exception? stopped = null;
        try
        {
            foreach (T item in items)
            {
                await free.WaitAsync(cancel).ConfigureAwait(false);
                running.Add(Release(work(item), free));
                if (running.Count > 4 * inFlight)
                {
                    running.RemoveAll(t => t.Status == TaskStatus.RanToCompletion);
                }
            }
        }
        catch (OperationCanceledException ex)
        {
            stopped = ex;
        }
        // Never return while a write is still under way: Ctrl+C waits for the requests in flight to end.
        await Task.WhenAll(running).ConfigureAwait(false);
        if (stopped is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(stopped).Throw();
        }

        static async Task Release(Task task, SemaphoreSlim free)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            finally
            {
                free.Release();
            }
        }
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

    private async Task BulkAsync(Batch batch, CancellationToken cancel)
    {
        if (batch.Operations.Count == 0)
        {
            return;
        }
        List<BulkResult?> results;
        try
        {
            var answer = await ScimClient.SendTextAsync(_connection, HttpMethod.Post, ScimWire.Bulk, batch.Body(), _log, cancel, BulkResult.ReadAnswer).ConfigureAwait(false);
            results = answer.Text as List<BulkResult?> ?? new List<BulkResult?>();
        }
        catch (ZiaException ex) when (ex.StatusCode is 413 or 501)
        {
            // The server refused the batch as a whole: fall back to one request per user.
            _log.Verbose($"The server refused a bulk request ({ex.StatusCode}); sending these {batch.Operations.Count} changes one by one.");
            foreach (Batch.Entry entry in batch.Operations)
            {
                await SingleAsync(entry.Index, entry.Step, cancel).ConfigureAwait(false);
            }
            return;
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            // The server may have carried out any of it: read each user back rather than guess.
            _log.Verbose($"The answer to a bulk request of {batch.Operations.Count} change(s) was lost ({ex.ErrorId}); reading the users back to see what the server holds.");
            foreach (Batch.Entry entry in batch.Operations)
            {
                OutcomeSettler.Outcome outcome = await OutcomeSettler.SettleAsync(_connection, entry.Step, ex, _log, cancel).ConfigureAwait(false);
                Finish(entry.Index, entry.Step, outcome.Id, outcome.Error);
            }
            return;
        }
        catch (ZiaException ex)
        {
            foreach (Batch.Entry entry in batch.Operations)
            {
                Finish(entry.Index, entry.Step, entry.Step.Id, ex.Message);
            }
            return;
        }

        BulkResult?[] answered = Answered(batch, results);
        for (int i = 0; i < batch.Operations.Count; i++)
        {
            (int index, PlannedUser step) = (batch.Operations[i].Index, batch.Operations[i].Step);
            BulkResult? result = answered[i];
            int status = Status(result?.Status);
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
                Finish(index, step, step.Id ?? LastSegment(result.Location), null);
            }
            else
            {
                string detail = result.Detail ?? $"status {status}";
                Finish(index, step, step.Id, await ExplainAsync(step, status, $"The SCIM server refused it ({status}): {detail}", cancel).ConfigureAwait(false));
            }
        }
    }

    /// <summary>
    /// Each operation's result, or null where the answer does not surely say: by position when the answer has one result
    /// per operation and names no other bulkId there (RFC 7644 keeps request order; bulkId is required only for POST),
    /// else by bulkId, and a bulkId the answer repeats belongs to none of them.
    /// </summary>
    private static BulkResult?[] Answered(Batch batch, List<BulkResult?> results)
    {
        BulkResult?[] answered = new BulkResult?[batch.Operations.Count];
        bool inOrder = results.Count == batch.Operations.Count;
        for (int i = 0; inOrder && i < results.Count; i++)
        {
            inOrder = results[i] is { } r && (r.BulkId is not { } id || id == batch.Operations[i].BulkId);
        }
        if (inOrder)
        {
            results.CopyTo(answered);
            return answered;
        }
        Dictionary<string, BulkResult?> byBulkId = new(StringComparer.Ordinal);
        foreach (BulkResult? r in results)
        {
            if (r?.BulkId is { } id)
            {
                byBulkId[id] = byBulkId.ContainsKey(id) ? null : r;
            }
        }
        for (int i = 0; i < answered.Length; i++)
        {
            answered[i] = byBulkId.TryGetValue(batch.Operations[i].BulkId, out BulkResult? r) ? r : null;
        }
        return answered;
    }

    /// <summary>A created user's id, from the location the bulk answer gives (the last segment of its path).</summary>
    private static string? LastSegment(string? location)
    {
        string? path = location?.TrimEnd('/');
        return path is null ? null : path.Substring(path.LastIndexOf('/') + 1);
    }

    private void Finish(int index, PlannedUser step, string? id, string? error)
    {
        lock (_gate)
        {
            _early[index] = (step, id, error);
            while (_early.TryGetValue(_next, out var ready))
            {
                _early.Remove(_next);
                _next++;
                _done(ready.Step, ready.Id, ready.Error);
            }
            _finished++;
            int percent = Math.Min(100, _finished * 100 / Math.Max(1, _total));
            // Once a percent, not once a user: 100,000 progress records cost more than the writes they report.
            if (percent != _progress.PercentComplete || _finished == _total)
            {
                // The pace so far is the throttle's pace: the rest takes as long again per step.
                int remaining = (int)Math.Ceiling(_watch.Elapsed.TotalSeconds / _finished * (_total - _finished));
                _log.Progress(new ProgressRecord(_progress.ActivityId, _progress.Activity, $"{_finished} of {_total} written")
                {
                    PercentComplete = percent,
                    SecondsRemaining = _finished == _total ? 0 : remaining,
                });
                _progress.PercentComplete = percent;
            }
        }
    }

    /// <summary>One bulk request: each operation written to JSON once, its size counted from that text, the request joined from them.</summary>
    private sealed class Batch
    {
        internal readonly struct Entry
        {
            public Entry(int index, PlannedUser step, string bulkId, byte[] utf8)
            {
                Index = index;
                Step = step;
                BulkId = bulkId;
                Utf8 = utf8;
            }

            public int Index { get; }

            public PlannedUser Step { get; }

            public string BulkId { get; }

            /// <summary>The operation as JSON, in UTF-8: measured once, and copied into the request as it is.</summary>
            public byte[] Utf8 { get; }
        }

        private static readonly byte[] Head = Encoding.UTF8.GetBytes(BulkRequest().Replace("[]}", "["));

        private static readonly byte[] Tail = Encoding.UTF8.GetBytes("]}");

        public List<Entry> Operations { get; } = new();

        /// <summary>The request's size so far, with the comma before each operation after the first.</summary>
        public int Bytes { get; set; } = Head.Length + Tail.Length - 1;

        /// <summary>The request body: one array of the exact size, not a string of twice the bytes encoded again.</summary>
        public byte[] Body()
        {
            byte[] body = new byte[Bytes];
            Buffer.BlockCopy(Head, 0, body, 0, Head.Length);
            int at = Head.Length;
            for (int i = 0; i < Operations.Count; i++)
            {
                if (i > 0)
                {
                    body[at++] = (byte)',';
                }
                byte[] operation = Operations[i].Utf8;
                Buffer.BlockCopy(operation, 0, body, at, operation.Length);
                at += operation.Length;
            }
            Buffer.BlockCopy(Tail, 0, body, at, Tail.Length);
            return body;
        }
    }

    /// <summary>Bulk requests of at most maxOperations operations and maxPayloadSize bytes each, built as they are needed.</summary>
    private IEnumerable<Batch> Batches(IEnumerable<(int Index, PlannedUser Step)> steps, int maxOperations, int maxBytes)
    {
        Batch batch = new();
        // One buffer for every operation's text: a first sync writes a million, and a new writer each time was most of its garbage.
        StringBuilder text = new(1024);
        using StringWriter writer = new(text, System.Globalization.CultureInfo.InvariantCulture);
        char[] chars = new char[1024];
        foreach ((int index, PlannedUser step) in steps)
        {
            UserFields? send = step.Send;
            if (!Sendable(index, step, send))
            {
                continue;
            }
            string bulkId = "u" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Clear();
            using (JsonTextWriter operation = new(writer) { CloseOutput = false, Formatting = Formatting.None })
            {
                Write(operation, step, send, bulkId);
            }
            if (chars.Length < text.Length)
            {
                chars = new char[text.Length * 2];
            }
            text.CopyTo(0, chars, 0, text.Length);
            byte[] json = new byte[Encoding.UTF8.GetByteCount(chars, 0, text.Length)];
            Encoding.UTF8.GetBytes(chars, 0, text.Length, json, 0);
            int size = json.Length + 1;
            if (batch.Operations.Count > 0 && (batch.Operations.Count >= maxOperations || batch.Bytes + size > maxBytes))
            {
                yield return batch;
                batch = new Batch();
            }
            batch.Operations.Add(new Batch.Entry(index, step, bulkId, json));
            batch.Bytes += size;
        }
        if (batch.Operations.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>One bulk operation as JSON, written straight from the step.</summary>
    private static void Write(JsonWriter json, PlannedUser step, UserFields? send, string bulkId)
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
    }

    private static string BulkRequest() =>
        new JObject { ["schemas"] = new JArray(ScimWire.BulkRequest), ["Operations"] = new JArray() }.ToString(Formatting.None);

    /// <summary>The bulk status as read (<see cref="BulkResult.Status"/>) as a code; 0 when it is none.</summary>
    private static int Status(string? status) =>
        status is { } text && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code) && code is >= 100 and < 600
            ? code
            : 0;
}
