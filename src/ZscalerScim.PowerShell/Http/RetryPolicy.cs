using System;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ZscalerScim.Http;

/// <summary>Why an attempt failed, as far as retrying is concerned.</summary>
internal enum FailureKind
{
    /// <summary>Not worth repeating: bad input, denied, not found.</summary>
    Permanent,

    /// <summary>429: wait as the service advertises.</summary>
    RateLimited,

    /// <summary>409 edit lock or org barrier: another admin or job holds the lock.</summary>
    Busy,

    /// <summary>503 or a dropped connection on an idempotent call.</summary>
    Unavailable,
}

/// <summary>The one retry policy for every call (ZIA and SCIM): which failures repeat, and how long to wait.</summary>
internal sealed class RetryPolicy
{
    public const int DefaultMaxRetries = 5;

    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    // An advertised wait up to this is waited out: Okta's one-minute window, measured from a Date header that may lag a second.
    private static readonly TimeSpan LongestAdvertised = Cap + TimeSpan.FromSeconds(5);

    public const string RateLimitResetHeader = "X-Rate-Limit-Reset";
    private static readonly Regex BodyRetryAfter = new(@"(\d+)\s*second", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public RetryPolicy(int maxRetries) => MaxRetries = maxRetries;

    public int MaxRetries { get; }

    /// <summary>What a failed answer is worth: <paramref name="busy"/> is the service's reading of its body (<see cref="ServiceError.Busy"/>).</summary>
    public static FailureKind Classify(int status, bool busy)
    {
        if (status == 429)
        {
            return FailureKind.RateLimited;
        }
        if (busy)
        {
            return FailureKind.Busy;
        }
        return status == 503 || status == 502 || status == 504 ? FailureKind.Unavailable : FailureKind.Permanent;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (0 = first retry), or null to give up.</summary>
    public TimeSpan? Delay(FailureKind kind, int retry, TimeSpan? advertised)
    {
        if (kind == FailureKind.Permanent || retry >= MaxRetries)
        {
            return null;
        }

        return kind switch
        {
            // "0 seconds" means "within this second": one second is always enough.
            // An advertised wait beyond the cap would only burn retries: give up and say so.
            _ when advertised is { } tooLong && tooLong > LongestAdvertised => null,
            FailureKind.RateLimited => advertised is { } a && a > TimeSpan.Zero ? a : TimeSpan.FromSeconds(1),
            // Zscaler's SDKs: 5 s, 10 s, 20 s ... capped near a minute.
            FailureKind.Busy => Grow(TimeSpan.FromSeconds(5), retry),
            _ => advertised is { } wait && wait > TimeSpan.Zero ? wait : Grow(TimeSpan.FromSeconds(1), retry),
        };
    }

    /// <summary>
    /// The wait a 429 or 503 advertises: the Retry-After header, else (429 only) the epoch second in
    /// X-Rate-Limit-Reset (Okta), else the ZIA body's "Retry-After": "N seconds".
    /// </summary>
    public static TimeSpan? Advertised(HttpResponseHeaders headers, string? bodyRetryAfter, int status = 429)
    {
        RetryConditionHeaderValue? header = headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            TimeSpan until = date - DateTimeOffset.UtcNow;
            return until > TimeSpan.Zero ? until : TimeSpan.Zero;
        }
        if (status == 429 && ResetAt(headers) is { } reset)
        {
            // Measured from the service's own Date, not this machine's clock, so a skewed clock neither hammers nor stalls.
            DateTimeOffset now = headers.Date ?? DateTimeOffset.UtcNow;
            TimeSpan until = reset - now;
            return until > TimeSpan.Zero ? until : TimeSpan.Zero;
        }
        if (bodyRetryAfter is not null)
        {
            Match m = BodyRetryAfter.Match(bodyRetryAfter + (Regex.IsMatch(bodyRetryAfter, @"^\s*\d+\s*$") ? " seconds" : string.Empty));
            if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        return null;
    }

    /// <summary>X-Rate-Limit-Reset: when the current rate-limit window ends, in epoch seconds.</summary>
    private static DateTimeOffset? ResetAt(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues(RateLimitResetHeader, out var values) &&
            long.TryParse(System.Linq.Enumerable.FirstOrDefault(values), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch) &&
            epoch > 0 && epoch < 253402300799)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }
        return null;
    }

    private static TimeSpan Grow(TimeSpan first, int retry) => Min(TimeSpan.FromTicks(first.Ticks << Math.Min(retry, 6)), Cap);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
