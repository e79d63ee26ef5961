using System;
using System.Collections.Generic;
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
/// Keeps a client under the service's rate limits so that a loop of cmdlets never meets a 429.
/// A slot is stamped when its answer arrives (not when it was sent): the server counts a request when it
/// receives it, which is never later than its answer, so spacing from the answer can never be too tight.
/// </summary>
internal sealed class RequestThrottle
{
    // Spare time on top of each period, for clocks that tick differently on each side.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, Bucket> _buckets;
    private readonly object _lock = new();

    public RequestThrottle(IDictionary<string, RateLimit[]> limits)
    {
        _buckets = limits.ToDictionary(kv => kv.Key, kv => new Bucket(kv.Key, kv.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Waits until every named bucket has room, then takes a slot in each.</summary>
    public async Task<Slot> AcquireAsync(IReadOnlyList<string> bucketNames, OperationLog log, CancellationToken cancel)
    {
        List<Bucket> buckets = bucketNames.Where(_buckets.ContainsKey).Select(n => _buckets[n]).ToList();
        while (true)
        {
            TimeSpan wait = TimeSpan.Zero;
            string reason = string.Empty;
            lock (_lock)
            {
                DateTime now = DateTime.UtcNow;
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
                    Slot slot = new(now);
                    buckets.ForEach(b => b.Take(slot));
                    return slot;
                }
            }

            if (wait >= TimeSpan.FromSeconds(2))
            {
                log.Verbose($"Waiting {wait.TotalSeconds:0.#} s to stay under the service's rate limit ({reason}).");
            }
            await Task.Delay(wait, cancel).ConfigureAwait(false);
        }
    }

    internal sealed class Slot
    {
        public Slot(DateTime at) => At = at;

        public DateTime At { get; private set; }

        /// <summary>Called when the answer (or failure) arrives.</summary>
        public void Complete() => At = DateTime.UtcNow;
    }

    private sealed class Bucket
    {
        private readonly RateLimit[] _limits;
        private readonly LinkedList<Slot> _slots = new();
        private readonly TimeSpan _longest;

        public Bucket(string name, RateLimit[] limits)
        {
            Name = name;
            _limits = limits;
            _longest = limits.Max(l => l.Period) + Margin;
        }

        public string Name { get; }

        public (TimeSpan Wait, RateLimit Limit) WaitFor(DateTime now)
        {
            while (_slots.First is { } first && now - first.Value.At > _longest)
            {
                _slots.RemoveFirst();
            }

            TimeSpan wait = TimeSpan.Zero;
            RateLimit worst = _limits[0];
            foreach (RateLimit limit in _limits)
            {
                // Slots are stamped on completion, so order them by time before looking at the newest ones.
                List<DateTime> recent = _slots.Select(s => s.At).Where(t => now - t < limit.Period + Margin).OrderBy(t => t).ToList();
                if (recent.Count >= limit.Count)
                {
                    TimeSpan w = recent[recent.Count - limit.Count] + limit.Period + Margin - now;
                    if (w > wait)
                    {
                        wait = w;
                        worst = limit;
                    }
                }
            }
            return (wait, worst);
        }

        public void Take(Slot slot) => _slots.AddLast(slot);
    }
}
