namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// Zscaler's SCIM limit: 5 requests a second per organization, across its IdPs, as a sliding
/// window. Every SCIM request counts (discovery, 401s and 404s too); refused ones do not.
/// </summary>
public sealed class ScimRateLimiter
{
    public const int PerSecond = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = [];

    /// <summary>True when the request may go; else the whole seconds to wait (at least 1).</summary>
    public bool TryAcquire(long orgId, DateTimeOffset now, out int retryAfterSeconds) =>
        TryAcquire(orgId.ToString(System.Globalization.CultureInfo.InvariantCulture), PerSecond, now, out retryAfterSeconds);

    /// <summary>One tenant's window (an organization, or a ZIdentity SCIM tenant) at its own limit.</summary>
    public bool TryAcquire(string tenant, int perSecond, DateTimeOffset now, out int retryAfterSeconds)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue(tenant, out var log))
            {
                _windows[tenant] = log = new Queue<DateTimeOffset>();
            }
            while (log.Count > 0 && log.Peek() + Window <= now)
            {
                log.Dequeue();
            }
            if (log.Count >= perSecond)
            {
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((log.Peek() + Window - now).TotalSeconds));
                return false;
            }
            log.Enqueue(now);
            retryAfterSeconds = 0;
            return true;
        }
    }

    /// <summary>
    /// The path to the limiter: with <see cref="ScimConfig.ArrivalDelayMs"/> set, a random delay of 0 to that many
    /// milliseconds, so that requests sent evenly arrive unevenly, as over a real network.
    /// </summary>
    public static Task ArriveAsync(ScimConfig config, CancellationToken cancel) =>
        config.ArrivalDelayMs > 0 ? Task.Delay(Random.Shared.Next(config.ArrivalDelayMs + 1), cancel) : Task.CompletedTask;

    /// <summary>Empties every window (when tests switch the limit on or off).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }
}
