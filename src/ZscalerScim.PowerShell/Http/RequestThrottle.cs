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
/// counts a request when it arrives, which lies between its send and its answer. Two ways to stay under it:
/// <list type="bullet">
/// <item>counted from the answer (the default, for the ZIA admin API, whose calls come one at a time): never too
/// tight, but the server's latency adds to every spacing;</item>
/// <item>counted from the send, with a margin (<see cref="Sending"/>, for SCIM, where writes overlap): a sliding
/// window of send times, each period widened by the margin so that a request that reaches the server later than
/// the one sent after it still leaves the server's window one short; sends are also spread evenly over the
/// period, so the server never sees a burst whose arrival order it could scramble.</item>
/// </list>
/// </summary>
internal sealed class RequestThrottle
{
    // Counted from the answer: spare time for clocks that tick differently on each side.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromMilliseconds(100);

    // A monotonic clock: the wall clock may step, and ticks only every 15.6 ms on Windows PowerShell 5.1.
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private readonly Dictionary<string, Bucket> _buckets;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    // How late a timer may wake: the Windows clock ticks every 15.6 ms.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? 16 : 2);

    /// <param name="sendMargin">Null: count each request from its answer. Else count it from its send, each period widened by this.</param>
    public RequestThrottle(IDictionary<string, RateLimit[]> limits, TimeSpan? sendMargin = null)
    {
        SendMargin = sendMargin;
        _buckets = limits.ToDictionary(kv => kv.Key, kv => new Bucket(kv.Key, kv.Value, sendMargin ?? AnswerMargin, sendMargin is not null), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The margin of a throttle that counts from the send; null when it counts from the answer.</summary>
    public TimeSpan? SendMargin { get; }

    /// <summary>A throttle that counts from the send, for calls that may overlap (SCIM writes).</summary>
    public static RequestThrottle Sending(IDictionary<string, RateLimit[]> limits, TimeSpan margin) => new(limits, margin);

    internal static TimeSpan Now => Clock.Elapsed;

    /// <summary>Waits until every named bucket has room, then takes a slot in each.</summary>
    public async Task<Slot> AcquireAsync(IReadOnlyList<string> bucketNames, OperationLog log, CancellationToken cancel)
    {
        List<Bucket> buckets = bucketNames.Where(_buckets.ContainsKey).Select(n => _buckets[n]).ToList();
        if (SendMargin is null)
        {
            return await NextSlotAsync(buckets, log, cancel).ConfigureAwait(false);
        }
        // Counting from the send, callers overlap: they wait their turn one after another, first come first served,
        // so that only one of them watches the clock.
        await _turn.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return await NextSlotAsync(buckets, log, cancel).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<Slot> NextSlotAsync(List<Bucket> buckets, OperationLog log, CancellationToken cancel)
    {
        while (true)
        {
            TimeSpan wait = TimeSpan.Zero;
            string reason = string.Empty;
            lock (_lock)
            {
                TimeSpan now = Now;
                foreach (Bucket bucket in buckets)
                {
                    (TimeSpan w, RateLimit limit) = bucket.WaitFor(now);
                    if (w > wait)
                    {
                        wait = w;
                        reason = $"{bucket.Name} {limit}";
                    }
                }

                if (wait <= TimeSpan.Zero)
                {
                    Slot slot = new(now, stampOnAnswer: SendMargin is null);
                    buckets.ForEach(b => b.Take(slot));
                    return slot;
                }
            }

            if (wait >= TimeSpan.FromSeconds(2))
            {
                log.Verbose($"Waiting {wait.TotalSeconds:0.#} s to stay under the service's rate limit ({reason}).");
            }
            TimeSpan late = SendMargin is null ? TimeSpan.Zero : buckets.Max(b => b.Precise);
            if (wait <= late)
            {
                // A timer wakes late (by up to 15.6 ms on Windows), and at 5 a second every late send is lost time:
                // the last moment is waited out on the clock.
                TimeSpan due = Now + wait;
                while (Now < due)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (!Thread.Yield())
                    {
                        Thread.SpinWait(50);
                    }
                }
                continue;
            }
            // Task.Delay may wake a little early: never spin on a wait shorter than a millisecond.
            TimeSpan sleep = wait - late;
            await Task.Delay(sleep < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : sleep, cancel).ConfigureAwait(false);
        }
    }

    internal sealed class Slot
    {
        private readonly bool _stampOnAnswer;

        public Slot(TimeSpan at, bool stampOnAnswer)
        {
            At = at;
            _stampOnAnswer = stampOnAnswer;
        }

        public TimeSpan At { get; private set; }

        /// <summary>Called when the answer (or failure) arrives.</summary>
        public void Complete()
        {
            if (_stampOnAnswer)
            {
                At = Now;
            }
        }
    }

    private sealed class Bucket
    {
        private readonly RateLimit[] _limits;
        private readonly LinkedList<Slot> _slots = new();
        private readonly TimeSpan _longest;
        private readonly TimeSpan _margin;
        // Sends are spread one every (period + margin) / count, the window's own pace, even after an idle spell:
        // requests that reach a busy server together are counted in an order of its choosing, which is the jitter
        // the margin must cover, so the margin stays small only when the server never sees a burst.
        private readonly TimeSpan _spacing;
        private readonly bool _spread;
        private TimeSpan? _lastSent;

        public Bucket(string name, RateLimit[] limits, TimeSpan margin, bool spread)
        {
            Name = name;
            _limits = limits;
            _margin = margin;
            _longest = limits.Max(l => l.Period) + margin;
            // Spread over the tightest limit only: spacing by an hourly limit would slow every call for nothing.
            RateLimit tightest = limits.OrderBy(l => l.Period.Ticks / Math.Max(1, l.Count)).First();
            _spread = spread;
            _spacing = TimeSpan.FromTicks((tightest.Period + margin).Ticks / Math.Max(1, tightest.Count));
        }

        public string Name { get; }

        /// <summary>The end of a wait that is watched on the clock rather than slept: none above 50 a second,
        /// where that would cost more CPU than the time it saves.</summary>
        public TimeSpan Precise => _spread && _spacing >= TimeSpan.FromMilliseconds(20)
            ? TimeSpan.FromTicks(Math.Min(TimerSlack.Ticks, _spacing.Ticks / 10))
            : TimeSpan.Zero;

        public (TimeSpan Wait, RateLimit Limit) WaitFor(TimeSpan now)
        {
            while (_slots.First is { } first && now - first.Value.At > _longest)
            {
                _slots.RemoveFirst();
            }

            TimeSpan wait = TimeSpan.Zero;
            RateLimit worst = _limits[0];
            if (_spread && _lastSent is { } last && last + _spacing > now)
            {
                wait = last + _spacing - now;
            }
            foreach (RateLimit limit in _limits)
            {
                // Slots stamped on completion come in any order: order them by time before looking at the newest ones.
                List<TimeSpan> recent = _slots.Select(s => s.At).Where(t => now - t < limit.Period + _margin).OrderBy(t => t).ToList();
                if (recent.Count >= limit.Count)
                {
                    TimeSpan w = recent[recent.Count - limit.Count] + limit.Period + _margin - now;
                    if (w > wait)
                    {
                        wait = w;
                        worst = limit;
                    }
                }
            }
            return (wait, worst);
        }

        public void Take(Slot slot)
        {
            _slots.AddLast(slot);
            _lastSent = slot.At;
        }
    }
}
