using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Session;

/// <summary>ZIA's save-then-activate model: reading the status, activating, waiting for it to finish.</summary>
internal static class Activation
{
    // GET is limited to 2 a second; polling every 2 s leaves room for other calls.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static async Task<ZiaActivationStatus> GetStatusAsync(ZiaSession session, OperationLog log, CancellationToken cancel) =>
        ZiaActivationStatus.FromJson(await session.GetAsync("status", log, cancel).ConfigureAwait(false), session.OrgId);

    public static async Task<ZiaActivationStatus> ActivateAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        log.Verbose($"Activating the saved changes of organization {session.OrgId}.");
        var answer = await session.SendAsync(HttpMethod.Post, "status/activate", null, log, cancel).ConfigureAwait(false);
        return ZiaActivationStatus.FromJson(answer.Json ?? new Newtonsoft.Json.Linq.JObject(), session.OrgId);
    }

    /// <summary>Polls until the status is Active; throws ZiaActivationTimeout when <paramref name="timeout"/> passes first.</summary>
    public static async Task<ZiaActivationStatus> WaitAsync(ZiaSession session, ZiaActivationStatus status, TimeSpan timeout, OperationLog log, CancellationToken cancel)
    {
        Stopwatch watch = Stopwatch.StartNew();
        ProgressRecord progress = new(1, "Activating ZIA changes", $"Organization {session.OrgId}");
        while (status.Status != ZiaActivationState.Active)
        {
            if (watch.Elapsed >= timeout)
            {
                progress.RecordType = ProgressRecordType.Completed;
                log.Progress(progress);
                throw new ZiaException("ZiaActivationTimeout", ErrorCategory.OperationTimeout,
                    $"Activation did not finish within {timeout.TotalSeconds:0} s; the status is still {status.Status}. The changes are saved but not yet live: check again with Get-ZiaActivationStatus.",
                    status);
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
