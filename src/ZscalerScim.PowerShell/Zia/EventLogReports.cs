using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>What to read of the event log: a window (within ZIA's 14 days) and the report's filters.</summary>
internal sealed class EventLogQuery
{
    /// <summary>ZIA keeps event logs 14 days (zia/about-event-logs).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    public string? Category { get; init; }

    /// <summary>SCIM client activity only: the SCIM category (its value is ZIA's, in ZiaWire).</summary>
    public bool Scim { get; init; }

    public string[]? SubCategories { get; init; }

    public ZiaEventLogResult? Result { get; init; }

    public string? Message { get; init; }

    public string? ErrorCode { get; init; }

    public string? StatusCode { get; init; }

    /// <summary>Refuses a window that ends before it starts or reaches back beyond the 14 days ZIA keeps.</summary>
    public void Check(DateTime now)
    {
        if (Scim && Category is not null)
        {
            throw new ZiaException("ZiaEventLogCategoryConflict", ErrorCategory.InvalidArgument,
                $"-Scim reads the {ZiaWire.EventCategoryScim} category; give either -Scim or -Category, not both.", "Category");
        }
        if (Until <= Since)
        {
            throw new ZiaException("ZiaEventLogWindowInvalid", ErrorCategory.InvalidArgument,
                $"-Until ({Until:s}) must be after -Since ({Since:s}).", "Since");
        }
        // A minute's grace: "14 days ago" computed a moment before the check is still within.
        if (Since < now - Retention - TimeSpan.FromMinutes(1))
        {
            throw new ZiaException("ZiaEventLogWindowTooLong", ErrorCategory.InvalidArgument,
                $"-Since ({Since:s}) is more than 14 days back; ZIA keeps event logs for 14 days. Give a -Since within them, e.g. (Get-Date).AddDays(-14).", "Since");
        }
    }

    public JObject ToJson()
    {
        JObject body = new()
        {
            [ZiaWire.EventStartTime] = new DateTimeOffset(Since.ToUniversalTime()).ToUnixTimeMilliseconds(),
            [ZiaWire.EventEndTime] = new DateTimeOffset(Until.ToUniversalTime()).ToUnixTimeMilliseconds(),
        };
        if ((Scim ? ZiaWire.EventCategoryScim : Category) is { } category)
        {
            body[ZiaWire.EventCategory] = category;
        }
        if (SubCategories is { Length: > 0 })
        {
            body[ZiaWire.EventSubcategories] = new JArray(SubCategories);
        }
        if (Result is { } result && result != ZiaEventLogResult.Other)
        {
            body[ZiaWire.EventActionResult] = result == ZiaEventLogResult.Success ? ZiaWire.EventResultSuccess : ZiaWire.EventResultFailure;
        }
        if (Message is not null)
        {
            body[ZiaWire.EventMessage] = Message;
        }
        if (ErrorCode is not null)
        {
            body[ZiaWire.EventErrorCode] = ErrorCode;
        }
        if (StatusCode is not null)
        {
            body[ZiaWire.EventStatusCode] = StatusCode;
        }
        return body;
    }
}

/// <summary>
/// Runs ZIA's event-log report: POST, poll GET until COMPLETE, download the CSV (help.zscaler.com/zia/event-logs). The
/// tenant holds one report: one already running (another admin's, or a script's) is waited for first, since a new one
/// would replace it; Ctrl+C cancels ours (DELETE). The session's throttle keeps the calls within 2 a second and 1,000 an hour.
/// </summary>
internal static class EventLogReports
{
    // Polling once a second leaves half of the 2-a-second budget to other calls.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Hands each entry to <paramref name="each"/> as the CSV streams in; returns how many there were.</summary>
    public static async Task<int> ReadAsync(ZiaSession session, EventLogQuery query, TimeSpan timeout, Action<ZiaEventLogEntry> each, OperationLog log, CancellationToken cancel)
    {
        Stopwatch watch = Stopwatch.StartNew();
        ProgressRecord progress = new(2, "Reading ZIA's event log", $"{query.Since:g} to {query.Until:g}");
        try
        {
            TaskInfo running = await StatusAsync(session, log, cancel).ConfigureAwait(false);
            if (!running.Finished)
            {
                log.Verbose($"An event-log report is already running ({running}); a new one would replace it, so waiting for it to finish first.");
                await WaitAsync(session, running, watch, timeout, progress, "an event-log report that was already running (another admin's or script's)", log, cancel).ConfigureAwait(false);
            }

            log.Verbose($"Starting an event-log report for {query.Since:s} to {query.Until:s}.");
            TaskInfo ours;
            try
            {
                // Stopped while the POST is on its way: ZIA may have started the report without us hearing so.
                await session.SendAsync(HttpMethod.Post, ZiaWire.EventLogReportPath, query.ToJson(), log, cancel).ConfigureAwait(false);
                ours = await WaitAsync(session, await StatusAsync(session, log, cancel).ConfigureAwait(false), watch, timeout, progress, "the event-log report", log, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                await CancelAsync(session, log).ConfigureAwait(false);
                throw;
            }
            if (!ours.Complete)
            {
                throw new ZiaException("ZiaEventLogReportFailed", ErrorCategory.InvalidResult,
                    $"The event-log report ended as {ours} instead of {ZiaWire.TaskComplete}, so there is nothing to download. Run the command again; if it keeps failing, read the log in the portal (Administration > Event Logs).", session);
            }
            progress.StatusDescription = $"Downloading {ours.Items?.ToString(CultureInfo.InvariantCulture) ?? "the"} entries";
            log.Progress(progress);
            object? read = await session.GetTextAsync(ZiaWire.EventLogDownloadPath, ZiaWire.EventLogCsvMediaType,
                text => EventLogCsv.Read(text, session.OrgId, each, cancel), log, cancel).ConfigureAwait(false);
            return read as int? ?? 0;
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            log.Progress(progress);
        }
    }

    /// <summary>Polls while the task runs; gives up after <paramref name="timeout"/> (counted from the command's start) naming its last status.</summary>
    private static async Task<TaskInfo> WaitAsync(ZiaSession session, TaskInfo status, Stopwatch watch, TimeSpan timeout, ProgressRecord progress, string what, OperationLog log, CancellationToken cancel)
    {
        while (!status.Finished)
        {
            if (watch.Elapsed >= timeout)
            {
                throw new ZiaException("ZiaEventLogTimeout", ErrorCategory.OperationTimeout,
                    $"Waited {timeout.TotalSeconds:0} s for {what}; its last status is {status}. ZIA builds the report on its side: run the command again later, or raise -TimeoutSec.", session);
            }
            progress.StatusDescription = $"{status} for {watch.Elapsed.TotalSeconds:0} s";
            progress.PercentComplete = (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / timeout.TotalSeconds);
            log.Progress(progress);
            await Task.Delay(PollInterval, cancel).ConfigureAwait(false);
            status = await StatusAsync(session, log, cancel).ConfigureAwait(false);
        }
        return status;
    }

    private static async Task<TaskInfo> StatusAsync(ZiaSession session, OperationLog log, CancellationToken cancel) =>
        new(await session.GetAsync(ZiaWire.EventLogReportPath, log, cancel).ConfigureAwait(false));

    // Ctrl+C: the report is ours and nobody will download it; best effort, briefly, since the user wants to stop.
    private static async Task CancelAsync(ZiaSession session, OperationLog log)
    {
        using CancellationTokenSource brief = new(CancelTimeout);
        try
        {
            await session.SendAsync(HttpMethod.Delete, ZiaWire.EventLogReportPath, null, log, brief.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZiaException or OperationCanceledException)
        {
            // It finishes on its own and is replaced by the next report.
        }
    }

    /// <summary>A TaskInfo: status, items done, and an error the service reports.</summary>
    private sealed class TaskInfo
    {
        public TaskInfo(JToken json)
        {
            Status = (string?)(json[ZiaWire.TaskStatus] as JValue) ?? string.Empty;
            Items = (long?)(json[ZiaWire.TaskProgressItems] as JValue);
            Error = string.Join(": ", new[] { (string?)(json[ZiaWire.TaskErrorCode] as JValue), (string?)(json[ZiaWire.TaskErrorMessage] as JValue) }
                .Where(part => !string.IsNullOrEmpty(part)));
        }

        public string Status { get; }

        public long? Items { get; }

        public string Error { get; }

        public bool Complete => string.Equals(Status, ZiaWire.TaskComplete, StringComparison.OrdinalIgnoreCase);

        /// <summary>Complete, or ended otherwise (an error reported, or a state after which it cannot complete).</summary>
        public bool Finished => Complete || Error.Length > 0 || Array.Exists(ZiaWire.TaskEnded, s => string.Equals(s, Status, StringComparison.OrdinalIgnoreCase));

        public override string ToString() =>
            (Status.Length == 0 ? "(no status)" : Status) +
            (Items is { } n ? $", {n} items done" : string.Empty) +
            (Error.Length > 0 ? $", error {Error}" : string.Empty);
    }
}
