using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
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

    /// <summary>
    /// Runs work for each item, in the items' order, with at most <paramref name="inFlight"/> at once; returns when every
    /// started one has ended. A failed item does not stop the others: the first failure is thrown at the end, and a
    /// cancellation (no further item started) after it.
    /// </summary>
    public static async Task RunAsync<T>(IEnumerable<T> items, int inFlight, Func<T, Task> work, CancellationToken cancel)
    {
        // Each lane takes the next item itself when its last one ends, on the thread that ended it. A queue that a
        // separate loop fed woke one more thread-pool thread per item: at 14,000 bulk requests, seconds of CPU.
        using IEnumerator<T> next = items.GetEnumerator();
        object gate = new();
        bool ended = false, stopped = false;
        ExceptionDispatchInfo? failed = null;

        bool Take(out T item)
        {
            lock (gate)
            {
                item = default!;
                if (ended)
                {
                    return false;
                }
                if (cancel.IsCancellationRequested)
                {
                    (ended, stopped) = (true, true);
                    return false;
                }
                try
                {
                    if (next.MoveNext())
                    {
                        item = next.Current;
                        return true;
                    }
                }
                catch (Exception ex)
                {
                    failed ??= ExceptionDispatchInfo.Capture(ex);
                }
                ended = true;
                return false;
            }
        }

        async Task Lane()
        {
            while (Take(out T item))
            {
                try
                {
                    await work(item).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    lock (gate)
                    {
                        failed ??= ExceptionDispatchInfo.Capture(ex);
                    }
                }
            }
        }

        Task[] lanes = new Task[Math.Max(1, inFlight)];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = Lane();
        }
        // Never return while a write is still under way: Ctrl+C waits for the requests in flight to end.
        await Task.WhenAll(lanes).ConfigureAwait(false);
        failed?.Throw();
        if (stopped)
        {
            throw new OperationCanceledException(cancel);
        }
    }
}
