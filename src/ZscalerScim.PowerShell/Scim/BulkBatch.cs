using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>
/// One bulk request (RFC 7644 §3.7) of a sync's steps: each operation written to JSON once, its size counted from that
/// text, the request joined from them. Users and groups are batched by the same rules (<see cref="Build"/>).
/// </summary>
/// <typeparam name="T">The step an operation carries out.</typeparam>
internal sealed class BulkBatch<T>
{
    internal readonly struct Entry
    {
        public Entry(int index, T step, string bulkId, byte[] utf8)
        {
            Index = index;
            Step = step;
            BulkId = bulkId;
            Utf8 = utf8;
        }

        /// <summary>The step's position in the plan.</summary>
        public int Index { get; }

        public T Step { get; }

        public string BulkId { get; }

        /// <summary>The operation as JSON, in UTF-8: measured once, and copied into the request as it is.</summary>
        public byte[] Utf8 { get; }
    }

    public List<Entry> Operations { get; } = new();

    /// <summary>The request's size so far, with the comma before each operation after the first.</summary>
    public int Bytes { get; private set; } = BulkFrame.Head.Length + BulkFrame.Tail.Length - 1;

    /// <summary>The request body: one array of the exact size, not a string of twice the bytes encoded again.</summary>
    public byte[] Body()
    {
        byte[] body = new byte[Bytes];
        Buffer.BlockCopy(BulkFrame.Head, 0, body, 0, BulkFrame.Head.Length);
        int at = BulkFrame.Head.Length;
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
        Buffer.BlockCopy(BulkFrame.Tail, 0, body, at, BulkFrame.Tail.Length);
        return body;
    }

    /// <summary>
    /// Sends the request; returns its results as read (<see cref="Answered"/> matches them to the operations), or null
    /// when the server refused the request as a whole as too large or not supported (413, 501), so that the caller
    /// sends each step on its own. Any other failure is the caller's to report (a lost answer: the server may have made any of it).
    /// </summary>
    public async Task<List<BulkResult?>?> SendAsync(ScimConnection connection, OperationLog log, CancellationToken cancel)
    {
        try
        {
            var answer = await ScimClient.SendTextAsync(connection, HttpMethod.Post, ScimWire.Bulk, Body(), log, cancel, BulkResult.ReadAnswer).ConfigureAwait(false);
            return answer.Text as List<BulkResult?> ?? new List<BulkResult?>();
        }
        catch (ZiaException ex) when (ex.StatusCode is 413 or 501)
        {
            log.Verbose($"The server refused a bulk request ({ex.StatusCode}); sending these {Operations.Count} changes one by one.");
            return null;
        }
    }

    /// <summary>
    /// Bulk requests of at most maxOperations operations and maxPayloadSize bytes each, built as they are needed.
    /// <paramref name="write"/> writes a step's operation with the bulkId given, or returns false (writing nothing) when
    /// the step must not be sent.
    /// </summary>
    /// <param name="prefix">Starts each bulkId ("u" for users, "g" for groups), followed by the step's plan position.</param>
    public static IEnumerable<BulkBatch<T>> Build(IEnumerable<(int Index, T Step)> steps, int maxOperations, int maxBytes, string prefix, Func<JsonWriter, int, T, string, bool> write)
    {
        BulkBatch<T> batch = new();
        // One buffer for every operation's text: a first sync writes a million, and a new writer each time was most of its garbage.
        StringBuilder text = new(1024);
        using StringWriter writer = new(text, CultureInfo.InvariantCulture);
        char[] chars = new char[1024];
        foreach ((int index, T step) in steps)
        {
            string bulkId = prefix + index.ToString(CultureInfo.InvariantCulture);
            text.Clear();
            using (JsonTextWriter operation = new(writer) { CloseOutput = false, Formatting = Formatting.None })
            {
                if (!write(operation, index, step, bulkId))
                {
                    continue;
                }
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
                batch = new BulkBatch<T>();
            }
            batch.Operations.Add(new Entry(index, step, bulkId, json));
            batch.Bytes += size;
        }
        if (batch.Operations.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Each operation's result, or null where the answer does not surely say: by position when the answer has one result
    /// per operation and names no other bulkId there (RFC 7644 keeps request order; bulkId is required only for POST),
    /// else by bulkId, and a bulkId the answer repeats belongs to none of them.
    /// </summary>
    public BulkResult?[] Answered(List<BulkResult?> results)
    {
        BulkResult?[] answered = new BulkResult?[Operations.Count];
        bool inOrder = results.Count == Operations.Count;
        for (int i = 0; inOrder && i < results.Count; i++)
        {
            inOrder = results[i] is { } r && (r.BulkId is not { } id || id == Operations[i].BulkId);
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
            answered[i] = byBulkId.TryGetValue(Operations[i].BulkId, out BulkResult? r) ? r : null;
        }
        return answered;
    }
}

/// <summary>What every bulk request starts and ends with, around its operations.</summary>
internal static class BulkFrame
{
    public static readonly byte[] Head = Encoding.UTF8.GetBytes(
        new JObject { ["schemas"] = new JArray(ScimWire.BulkRequest), ["Operations"] = new JArray() }.ToString(Formatting.None).Replace("[]}", "["));

    public static readonly byte[] Tail = Encoding.UTF8.GetBytes("]}");
}
