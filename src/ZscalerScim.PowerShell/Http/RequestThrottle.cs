using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>A documented limit: at most Count requests in any Period.</summary>
internal readonly struct RateLimit
{
    public RateLimit(int count, TimeSpan period)
    {
        Count = count;
        Period = period;
    }

    public int Count { get; }

    public TimeSpan Period { get; }

    public override string ToString() => Period.TotalSeconds switch
    {
        1 => $"{Count}/second",
        60 => $"{Count}/minute",
        3600 => $"{Count}/hour",
        _ => $"{Count}/{Period.TotalSeconds}s",
    };
}

/// <summary>
/// Keeps a client under the service's rate limits so that a loop of cmdlets never meets a 429. The service
/// counts a request when it arrives, which lies between its send and its answer. Each request holds a slot
/// stamped with the latest time the service may have counted it; a new request goes when fewer than the limit
/// lie within a period of now. Two ways to stamp it:
/// <list type="bullet">
/// <item>counted from the answer (the default, for the ZIA admin API, whose calls come one at a time): never too
/// tight, but the server's latency adds to every spacing;</item>
/// <item>counted from the send (<see cref="Sending"/>, for SCIM, where writes overlap): the send plus the
/// <see cref="ArrivalMargin"/> learnt from the path, cut short by the answer, which proves the request counted
/// already, or stretched by an answer that shows its trip slower than the margin allowed for. Sends are also
/// spread evenly over the period, so the server never sees a burst.</item>
/// </list>
/// Nothing watches the clock: a wait is a timed wake (<see cref="OperationLog.Delay"/>), which the cmdlet's pipeline
/// thread serves while it waits for messages anyway, so that pacing wakes no thread-pool thread to spin. Callers that
/// count from the send queue in order, and one wake lets each through in turn.
/// </summary>
internal sealed class RequestThrottle
{
    // Counted from the answer: spare time for clocks that tick differently on each side.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromMilliseconds(100);

    // A monotonic clock: the wall clock may step, and ticks only every 15.6 ms on Windows PowerShell 5.1.
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    // How late a timer may wake (the Windows clock ticks every 15.6 ms): lateness up to this does not delay the sends after it.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? 16 : 2);

    private readonly Dictionary<string, Bucket> _buckets;
    private readonly object _lock = new();
    // Callers of a throttle that counts from the send, in the order they came; the one a wake is set for.
    private readonly Queue<Waiter> _waiting = new();
    private Waiter? _waking;

    /// <param name="arrival">Null: count each request from its answer. Else from its send, within this margin.</param>
    public RequestThrottle(IDictionary<string, RateLimit[]> limits, ArrivalMargin? arrival = null)
    {
        Arrival = arrival;
        _buckets = limits.ToDictionary(kv => kv.Key, kv => new Bucket(kv.Key, kv.Value, arrival is null ? AnswerMargin : TimeSpan.Zero, arrival is not null), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The margin of a throttle that counts from the send; null when it counts from the answer.</summary>
    public ArrivalMargin? Arrival { get; }

    /// <summary>A throttle that counts from the send, for calls that may overlap (SCIM writes).</summary>
    public static RequestThrottle Sending(IDictionary<string, RateLimit[]> limits) => new(limits, new ArrivalMargin());

    internal static TimeSpan Now => Clock.Elapsed;

    /// <summary>Waits until every named bucket has room, then takes a slot in each.</summary>
    public Task<Slot> AcquireAsync(IReadOnlyList<string> bucketNames, OperationLog log, CancellationToken cancel)
    {
        if (Arrival is null)
        {
            return NextSlotAsync(bucketNames, log, cancel);
        }
        // Counting from the send, callers overlap: they queue, first come first served, and each is let through by the
        // wake that served the one before it (Serve), so that one timer paces them all and no caller wakes another thread.
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && TryTake(bucketNames, Now).Slot is { } slot)
            {
                return Task.FromResult(slot);
            }
            if (cancel.IsCancellationRequested)
            {
                return Task.FromCanceled<Slot>(cancel);
            }
            waiter = new Waiter(bucketNames, log, cancel);
            _waiting.Enqueue(waiter);
        }
        if (cancel.CanBeCanceled)
        {
            waiter.Registration = cancel.Register(() =>
            {
                waiter.Done.TrySetCanceled(cancel);
                // The first in the queue may be the one that left: the next one's wait is not the same.
                Serve();
            });
        }
        Serve();
        return waiter.Done.Task;
    }

    /// <summary>Lets through the callers whose turn has come, in order, and sets one wake for the first that must wait.</summary>
    private void Serve()
    {
        while (true)
        {
            Waiter head;
            (TimeSpan Wait, string Reason, Slot? Slot) taken;
            lock (_lock)
            {
                while (_waiting.Count > 0 && _waiting.Peek().Done.Task.IsCompleted)
                {
                    _waiting.Dequeue();
                }
                // Nobody waits, or a wake is set for the first already.
                if (_waiting.Count == 0 || _waking == _waiting.Peek())
                {
                    return;
                }
                head = _waiting.Peek();
                taken = TryTake(head.BucketNames, Now);
                if (taken.Slot is not null)
                {
                    _waiting.Dequeue();
                }
                _waking = taken.Slot is null ? head : null;
            }
            if (taken.Slot is { } slot)
            {
                head.Registration.Dispose();
                // Its send goes on from here, on this thread, up to its first wait for the network.
                if (!head.Done.TrySetResult(slot))
                {
                    // Cancelled meanwhile: the slot goes unused, and ends as a lost call's would.
                    slot.Complete();
                }
                continue;
            }
            if (taken.Wait >= TimeSpan.FromSeconds(2))
            {
                head.Log.Verbose($"Waiting {taken.Wait.TotalSeconds:0.#} s to stay under the service's rate limit ({taken.Reason}).");
            }
            // Whole milliseconds, rounded up: a wake before the slot is free would only wait again. The caller's own
            // cancellation ends the wait early, and the next caller's wait is worked out afresh.
            head.Log.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(taken.Wait.TotalMilliseconds)), head.Cancel).ContinueWith(
                _ => Woken(head), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }
    }

    private void Woken(Waiter waiter)
    {
        lock (_lock)
        {
            // A wake set for a caller that has left since is not the current one's.
            if (_waking == waiter)
            {
                _waking = null;
            }
        }
        Serve();
    }

    private async Task<Slot> NextSlotAsync(IReadOnlyList<string> bucketNames, OperationLog log, CancellationToken cancel)
    {
        while (true)
        {
            (TimeSpan wait, string reason, Slot? slot) = TryTake(bucketNames, Now);
            if (slot is not null)
            {
                return slot;
            }
            if (wait >= TimeSpan.FromSeconds(2))
            {
                log.Verbose($"Waiting {wait.TotalSeconds:0.#} s to stay under the service's rate limit ({reason}).");
            }
            // Whole milliseconds, rounded up: a timer that wakes before the slot is free would only wait again.
            await log.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>At <paramref name="now"/>: a slot in every named bucket, or how long until there is room and which limit says so.</summary>
    internal (TimeSpan Wait, string Reason, Slot? Slot) TryTake(IReadOnlyList<string> bucketNames, TimeSpan now)
    {
        lock (_lock)
        {
            TimeSpan wait = TimeSpan.Zero;
            string reason = string.Empty;
            List<Bucket> buckets = new(bucketNames.Count);
            foreach (string name in bucketNames)
            {
                if (_buckets.TryGetValue(name, out Bucket? bucket))
                {
                    buckets.Add(bucket);
                    (TimeSpan w, RateLimit limit) = bucket.WaitFor(now);
                    if (w > wait)
                    {
                        wait = w;
                        reason = $"{bucket.Name} {limit}";
                    }
                }
            }
            if (wait > TimeSpan.Zero)
            {
                return (wait, reason, null);
            }
            Slot slot = new(this, now, Arrival is null ? now : now + Arrival.Current);
            foreach (Bucket bucket in buckets)
            {
                bucket.Take(slot, now);
            }
            return (TimeSpan.Zero, string.Empty, slot);
        }
    }

    private void Answered(Slot slot, TimeSpan now, bool refused)
    {
        lock (_lock)
        {
            if (Arrival is null)
            {
                slot.At = now;
                return;
            }
            TimeSpan trip = now - slot.Sent;
            Arrival.Answered(trip, refused);
            slot.At = slot.Sent + Arrival.CountedWithin(trip, slot.At - slot.Sent);
        }
    }

    private void Lost(Slot slot, TimeSpan now)
    {
        lock (_lock)
        {
            // Counted from the answer: the failure is the nearest thing to one. From the send: the margin stands.
            if (Arrival is null)
            {
                slot.At = now;
            }
        }
    }

    private sealed class Waiter
    {
        public Waiter(IReadOnlyList<string> bucketNames, OperationLog log, CancellationToken cancel)
        {
            BucketNames = bucketNames;
            Log = log;
            Cancel = cancel;
        }

        public IReadOnlyList<string> BucketNames { get; }

        public OperationLog Log { get; }

        public CancellationToken Cancel { get; }

        public CancellationTokenRegistration Registration { get; set; }

        // Without RunContinuationsAsynchronously: the caller's send goes on on the thread that lets it through.
        public TaskCompletionSource<Slot> Done { get; } = new();
    }

    internal sealed class Slot
    {
        private readonly RequestThrottle _owner;

        public Slot(RequestThrottle owner, TimeSpan sent, TimeSpan at)
        {
            _owner = owner;
            Sent = sent;
            At = at;
        }

        public TimeSpan Sent { get; }

        /// <summary>The latest time the service may have counted the request.</summary>
        public TimeSpan At { get; internal set; }

        /// <summary>The answer arrived with this status (a 429 widens the margin).</summary>
        public void Answered(int status) => Answered(Now, status);

        internal void Answered(TimeSpan now, int status) => _owner.Answered(this, now, status == 429);

        /// <summary>The call ended without an answer (timeout, dropped connection).</summary>
        public void Complete() => _owner.Lost(this, Now);
    }

    private sealed class Bucket
    {
        private readonly RateLimit[] _limits;
        private readonly LinkedList<Slot> _slots = new();
        private readonly TimeSpan _longest;
        private readonly TimeSpan _margin;
        // Sends are spread one every period / count, on a schedule: a timer that woke a little late does not push
        // back the sends after it. A server never sees a burst whose arrival order it could scramble.
        private readonly TimeSpan _spacing;
        private readonly bool _spread;
        private TimeSpan? _due;
        private TimeSpan[] _recent = new TimeSpan[64];

        public Bucket(string name, RateLimit[] limits, TimeSpan margin, bool spread)
        {
            Name = name;
            _limits = limits;
            _margin = margin;
            _longest = limits.Max(l => l.Period) + margin + ArrivalMargin.Most;
            // Spread over the tightest limit only: spacing by an hourly limit would slow every call for nothing.
            RateLimit tightest = limits.OrderBy(l => l.Period.Ticks / Math.Max(1, l.Count)).First();
            _spread = spread;
            _spacing = TimeSpan.FromTicks(tightest.Period.Ticks / Math.Max(1, tightest.Count));
        }

        public string Name { get; }

        public (TimeSpan Wait, RateLimit Limit) WaitFor(TimeSpan now)
        {
            while (_slots.First is { } first && now - first.Value.At > _longest)
            {
                _slots.RemoveFirst();
            }

            TimeSpan wait = TimeSpan.Zero;
            RateLimit worst = _limits[0];
            if (_spread && _due is { } due && due > now)
            {
                wait = due - now;
            }
            foreach (RateLimit limit in _limits)
            {
                // Slots end in any order (an answer cuts one short): order them by time before looking at the newest ones.
                // Into one reused array: this runs for every request (twice when it waits), over a second's worth of slots.
                int count = 0;
                foreach (Slot slot in _slots)
                {
                    if (now - slot.At < limit.Period + _margin)
                    {
                        if (count == _recent.Length)
                        {
                            Array.Resize(ref _recent, 2 * count);
                        }
                        _recent[count++] = slot.At;
                    }
                }
                if (count >= limit.Count)
                {
                    Array.Sort(_recent, 0, count);
                    TimeSpan w = _recent[count - limit.Count] + limit.Period + _margin - now;
                    if (w > wait)
                    {
                        wait = w;
                        worst = limit;
                    }
                }
            }
            return (wait, worst);
        }

        public void Take(Slot slot, TimeSpan now)
        {
            _slots.AddLast(slot);
            // After an idle spell the schedule starts afresh; a send late by a timer's slack keeps it.
            TimeSpan from = _due is { } due && due > now - TimerSlack ? due : now;
            _due = from + _spacing;
        }
    }
}
