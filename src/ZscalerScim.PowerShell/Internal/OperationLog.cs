using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace ZscalerScim.Internal;

/// <summary>
/// Messages from work running off the pipeline thread, queued so that the cmdlet writes them on the
/// pipeline thread (PowerShell allows Write* calls only there). While it does, the pipeline thread also wakes the
/// work's timed waits (<see cref="Delay"/>): it waits anyway, where a timer would wake a thread-pool thread, which
/// spins before it sleeps again; a sync paced to 100 requests a second does that 100 times a second.
/// </summary>
internal sealed class OperationLog : IDisposable
{
    // A plain queue under a monitor: the pipeline thread sleeps until a message comes. BlockingCollection's wait
    // spins first, and at a few messages a second those spins cost more CPU than the messages.
    private readonly Queue<Action<Cmdlet>> _queue = new();
    private bool _completed;
    private bool _pumping;
    // Timed waits the pump wakes: few at once (a throttle keeps one).
    private readonly List<Timed> _timed = new();

    /// <param name="debug">The cmdlet shows Debug messages; otherwise they are not even built (a redacted page of users is costly).</param>
    public OperationLog(bool debug = false) => DebugEnabled = debug;

    public bool DebugEnabled { get; }

    // Every line is cleared of the secrets the module holds, whatever a server echoed into it.
    public void Verbose(string text)
    {
        string said = SecretValues.Redact(text);
        Add(c => c.WriteVerbose(said));
    }

    /// <summary>Builds the message only when the cmdlet shows Debug messages.</summary>
    public void Debug(Func<string> text)
    {
        if (DebugEnabled)
        {
            string built = SecretValues.Redact(text());
            Add(c => c.WriteDebug(built));
        }
    }

    public void Progress(ProgressRecord record) => Add(c => c.WriteProgress(record));

    public void Add(Action<Cmdlet> write)
    {
        lock (_queue)
        {
            // Completed: the cmdlet stopped listening (the work outlived a Ctrl+C). Nothing to write to.
            if (_completed)
            {
                return;
            }
            _queue.Enqueue(write);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queue);
            }
        }
    }

    /// <summary>
    /// Completes after <paramref name="wait"/>: woken by the pipeline thread while it pumps, and so run on it up to the
    /// next wait of the code after the await; a timer otherwise (not yet pumped, or no longer).
    /// </summary>
    public Task Delay(TimeSpan wait, CancellationToken cancel)
    {
        if (wait <= TimeSpan.Zero || cancel.IsCancellationRequested)
        {
            return Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancel);
        }
        // Without RunContinuationsAsynchronously: the code after the await runs on the thread that wakes it.
        TaskCompletionSource<bool> done = new();
        lock (_queue)
        {
            if (!_pumping || _completed)
            {
                return Task.Delay(wait, cancel);
            }
            long due = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
            _timed.Add(new Timed(due, done, default));
            Monitor.Pulse(_queue);
        }
        if (cancel.CanBeCanceled)
        {
            CancellationTokenRegistration registration = cancel.Register(() =>
            {
                lock (_queue)
                {
                    _timed.RemoveAll(t => t.Done == done);
                }
                done.TrySetCanceled(cancel);
            });
            bool waiting;
            lock (_queue)
            {
                int at = _timed.FindIndex(t => t.Done == done);
                waiting = at >= 0;
                if (waiting)
                {
                    _timed[at] = new Timed(_timed[at].Due, done, registration);
                }
            }
            // Outside the lock: disposing waits for a callback under way, and the callback takes the lock.
            if (!waiting)
            {
                registration.Dispose();
            }
        }
        return done.Task;
    }

    public void Complete()
    {
        lock (_queue)
        {
            _completed = true;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>Writes queued messages on the calling (pipeline) thread, and wakes timed waits when due, until Complete is called.</summary>
    public void Pump(Cmdlet cmdlet)
    {
        lock (_queue)
        {
            _pumping = true;
        }
        try
        {
            while (true)
            {
                Action<Cmdlet>[] ready;
                List<Timed>? due;
                lock (_queue)
                {
                    while (_queue.Count == 0 && !_completed && !Due())
                    {
                        Monitor.Wait(_queue, UntilDue());
                    }
                    due = TakeDue();
                    if (_queue.Count == 0 && due is null)
                    {
                        return;
                    }
                    ready = _queue.ToArray();
                    _queue.Clear();
                }
                // The waits first: a send that is due goes before the messages are written, and between them (a slow
                // command downstream would otherwise hold the sends back).
                Wake(due);
                foreach (Action<Cmdlet> write in ready)
                {
                    write(cmdlet);
                    // A glance without the lock: a wait added meanwhile is served on the next round.
                    if (_timed.Count > 0)
                    {
                        lock (_queue)
                        {
                            due = TakeDue();
                        }
                        Wake(due);
                    }
                }
            }
        }
        finally
        {
            HandOver();
        }
    }

    // Outside the lock: letting a cancellation go waits for its callback if under way, and the callback takes the lock.
    private static void Wake(List<Timed>? due)
    {
        if (due is null)
        {
            return;
        }
        foreach (Timed wait in due)
        {
            wait.Cancel.Dispose();
            wait.Done.TrySetResult(true);
        }
    }

    private bool Due() => _timed.Count > 0 && Earliest() <= Stopwatch.GetTimestamp();

    private long Earliest()
    {
        long earliest = long.MaxValue;
        foreach (var t in _timed)
        {
            earliest = Math.Min(earliest, t.Due);
        }
        return earliest;
    }

    // Whole milliseconds to the earliest timed wait, rounded up (waking early would only wait again); -1 (infinite) for none.
    private int UntilDue()
    {
        if (_timed.Count == 0)
        {
            return Timeout.Infinite;
        }
        double ms = (Earliest() - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        return (int)Math.Max(0, Math.Min(int.MaxValue, Math.Ceiling(ms)));
    }

    private List<Timed>? TakeDue()
    {
        List<Timed>? due = null;
        long now = Stopwatch.GetTimestamp();
        for (int i = _timed.Count - 1; i >= 0; i--)
        {
            if (_timed[i].Due <= now)
            {
                (due ??= new()).Add(_timed[i]);
                _timed.RemoveAt(i);
            }
        }
        due?.Reverse();
        return due;
    }

    // The pump ends (the work is done, or the pipeline stopped): a timed wait still pending goes on as a timer.
    private void HandOver()
    {
        List<Timed> left;
        lock (_queue)
        {
            _pumping = false;
            left = new(_timed);
            _timed.Clear();
        }
        foreach (Timed wait in left)
        {
            _ = WakeWhenDue(wait);
        }
    }

    // A timer may fire a little before the time it was set for: wait again until the wait is due, never early.
    private static async Task WakeWhenDue(Timed wait)
    {
        for (long left; (left = wait.Due - Stopwatch.GetTimestamp()) > 0;)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000.0 / Stopwatch.Frequency))).ConfigureAwait(false);
        }
        wait.Done.TrySetResult(true);
    }

    public void Dispose()
    {
    }

    /// <summary>A timed wait: when it is due (Stopwatch ticks), what it completes, and its cancellation.</summary>
    private readonly struct Timed
    {
        public Timed(long due, TaskCompletionSource<bool> done, CancellationTokenRegistration cancel)
        {
            Due = due;
            Done = done;
            Cancel = cancel;
        }

        public long Due { get; }

        public TaskCompletionSource<bool> Done { get; }

        public CancellationTokenRegistration Cancel { get; }
    }
}
