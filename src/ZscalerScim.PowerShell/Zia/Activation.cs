using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>ZIA's save-then-activate model: reading the status, activating, waiting for it to finish.</summary>
internal static class Activation
{
    // GET is limited to 2 a second; polling every 2 s leaves room for other calls.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static async Task<ZiaActivationStatus> GetStatusAsync(ZiaSession session, OperationLog log, CancellationToken cancel) =>
        Parse(await session.GetAsync(ZiaWire.StatusPath, log, cancel).ConfigureAwait(false), session.OrgId);

    /// <summary>
    /// Activates what is saved, spending an activation (10 a minute) only when something is pending. A running
    /// activation is waited out first: while it runs the status reads INPROGRESS and hides changes saved meanwhile.
    /// </summary>
    public static async Task<ZiaActivationStatus> ActivatePendingAsync(ZiaSession session, TimeSpan timeout, OperationLog log, CancellationToken cancel)
    {
        ZiaActivationStatus status = await GetStatusAsync(session, log, cancel).ConfigureAwait(false);
        if (status.Status == ZiaActivationState.InProgress)
        {
            log.Verbose("An activation is already running; changes saved meanwhile wait for the next one. Waiting for it to finish first.");
            status = await WaitWhileAsync(session, status, s => s == ZiaActivationState.InProgress, timeout, log, cancel,
                "An activation that was already running did not finish within {0:0} s, so nothing saved meanwhile was activated; the status is still {1}. Run Publish-ZiaChange again once Get-ZiaActivationStatus no longer shows InProgress.")
                .ConfigureAwait(false);
        }
        if (status.Status != ZiaActivationState.Pending)
        {
            log.Verbose($"The status is {status.Status}: nothing is pending, so nothing was activated.");
            return status;
        }
        return await ActivateAsync(session, log, cancel).ConfigureAwait(false);
    }

    private static async Task<ZiaActivationStatus> ActivateAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        log.Verbose($"Activating the saved changes of organization {session.OrgId}.");
        ApiResponse answer;
        try
        {
            answer = await session.SendAsync(HttpMethod.Post, ZiaWire.ActivatePath, null, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            // Not retried (it is a POST), and no answer says whether it ran.
            throw new ZiaException("ZiaActivationUnknown", ex.Category,
                $"The activation request got no clear answer, so the changes may or may not be active now: {ex.Message} " +
                "Check with Get-ZiaActivationStatus: Active means they are live; Pending means they are not, so run Publish-ZiaChange again; InProgress means it is running.",
                session, ex) { StatusCode = ex.StatusCode, SaveState = SaveState.Unknown };
        }
        session.HasUnpublishedChanges = false;
        return Parse(answer.Json ?? new JObject(), session.OrgId);
    }

    private static ZiaActivationStatus Parse(JToken json, long orgId)
    {
        string? status = (string?)json[ZiaWire.Status];
        ZiaActivationState state = status switch
        {
            ZiaWire.StatusActive => ZiaActivationState.Active,
            ZiaWire.StatusPending => ZiaActivationState.Pending,
            ZiaWire.StatusInProgress => ZiaActivationState.InProgress,
            _ => throw new ZiaException("ZiaUnexpectedResponse", ErrorCategory.InvalidResult,
                $"The activation status '{status}' is not one this module knows (ACTIVE, PENDING, INPROGRESS); the API may have changed."),
        };
        return new ZiaActivationStatus(state, orgId);
    }

    /// <summary>Polls until the status is Active; throws ZiaActivationTimeout when <paramref name="timeout"/> passes first.</summary>
    public static Task<ZiaActivationStatus> WaitAsync(ZiaSession session, ZiaActivationStatus status, TimeSpan timeout, OperationLog log, CancellationToken cancel) =>
        WaitWhileAsync(session, status, s => s != ZiaActivationState.Active, timeout, log, cancel,
            "Activation did not finish within {0:0} s; the status is still {1}. The changes are saved but not yet live: check again with Get-ZiaActivationStatus.");

    // Polls while keepWaiting holds; in timeoutMessage {0} is the timeout in seconds and {1} the status.
    private static async Task<ZiaActivationStatus> WaitWhileAsync(ZiaSession session, ZiaActivationStatus status, Func<ZiaActivationState, bool> keepWaiting, TimeSpan timeout, OperationLog log, CancellationToken cancel, string timeoutMessage)
    {
        Stopwatch watch = Stopwatch.StartNew();
        ProgressRecord progress = new(1, "Activating ZIA changes", $"Organization {session.OrgId}");
        while (keepWaiting(status.Status))
        {
            if (watch.Elapsed >= timeout)
            {
                progress.RecordType = ProgressRecordType.Completed;
                log.Progress(progress);
                throw new ZiaException("ZiaActivationTimeout", ErrorCategory.OperationTimeout,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, timeoutMessage, timeout.TotalSeconds, status.Status), status);
            }
            progress.StatusDescription = $"{status.Status} for {watch.Elapsed.TotalSeconds:0} s";
            progress.PercentComplete = (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / timeout.TotalSeconds);
            log.Progress(progress);
            await Task.Delay(PollInterval, cancel).ConfigureAwait(false);
            status = await GetStatusAsync(session, log, cancel).ConfigureAwait(false);
        }
        progress.RecordType = ProgressRecordType.Completed;
        log.Progress(progress);
        return status;
    }
}
