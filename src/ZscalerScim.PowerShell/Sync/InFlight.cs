using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZscalerScim.Sync;

/// <summary>
/// How the sync keeps several writes under way at once: the connection's throttle, not this, decides how many reach
/// the server in any second; this only keeps the next ones queued at the throttle, ready to go the moment it lets them.
/// </summary>
internal static class InFlight
{
    /// <summary>More at once than this gains nothing at any SCIM limit we know and only crowds the server.</summary>
    public const int Most = 16;

    /// <summary>Two seconds' worth at the connection's rate: while one second's worth awaits answers, the next waits at the throttle.</summary>
    public static int For(double requestsPerSecond) => Math.Max(1, Math.Min(Most, 2 * (int)Math.Ceiling(requestsPerSecond)));

    /// <summary>Runs work for each item with at most <paramref name="inFlight"/> at once; returns when every started one has ended.</summary>
    public static async Task RunAsync<T>(IEnumerable<T> items, int inFlight, Func<T, Task> work, CancellationToken cancel)
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
}
