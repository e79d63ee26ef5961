namespace ZscalerScim.Emulator.RateLimit;

/// <summary>The outcome for one request; the rule is the one that decided the reported numbers.</summary>
public sealed record RateDecision(bool Allowed, RateRule? Rule, int Remaining, int ResetSeconds);

/// <summary>
/// Sliding-window log per (organization, method class, rule): a request is let through when every
/// window it counts in has room, and then counts in all of them. Refused requests do not count.
/// </summary>
public sealed class SlidingWindowLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long OrgId, string Class, RateRule Rule), Queue<DateTimeOffset>> _windows = [];

    public RateDecision TryAcquire(long orgId, IEnumerable<string> classes, DateTimeOffset now)
    {
        lock (_gate)
        {
            var windows = classes
                .SelectMany(c => RateRules.For(c).Select(rule => (Rule: rule, Log: Log(orgId, c, rule, now))))
                .ToList();
            if (windows.Count == 0)
            {
                return new RateDecision(true, null, 0, 0);
            }

            // When several windows are full, the longest wait is the true one.
            var refusal = windows
                .Where(w => w.Log.Count >= w.Rule.Limit)
                .Select(w => (w.Rule, Wait: w.Log.Peek() + w.Rule.Window - now))
                .OrderByDescending(w => w.Wait)
                .FirstOrDefault();
            if (refusal.Rule is not null)
            {
                return new RateDecision(false, refusal.Rule, 0, WholeSeconds(refusal.Wait));
            }

            foreach (var (_, log) in windows)
            {
                log.Enqueue(now);
            }
            // Report the tightest window (the first rule: the per-second or per-minute one).
            var (rule, first) = windows[0];
            return new RateDecision(true, rule, rule.Limit - first.Count, WholeSeconds(first.Peek() + rule.Window - now));
        }
    }

    /// <summary>Forgets every window (when tests switch limits on or off).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }

    // Caller holds the lock: the window's log with entries older than the window dropped.
    private Queue<DateTimeOffset> Log(long orgId, string methodClass, RateRule rule, DateTimeOffset now)
    {
        if (!_windows.TryGetValue((orgId, methodClass, rule), out var log))
        {
            _windows[(orgId, methodClass, rule)] = log = new Queue<DateTimeOffset>();
        }
        while (log.Count > 0 && log.Peek() + rule.Window <= now)
        {
            log.Dequeue();
        }
        return log;
    }

    /// <summary>Rounded up, so any wait at all reads as at least 1 second.</summary>
    public static int WholeSeconds(TimeSpan wait) => wait <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(wait.TotalSeconds);
}
