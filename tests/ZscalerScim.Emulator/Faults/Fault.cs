namespace ZscalerScim.Emulator.Faults;

/// <summary>The fault kinds of <c>POST /_emulator/faults</c> (README, "Control API").</summary>
public static class FaultKinds
{
    public const string RateLimit = "rateLimit";
    public const string EditLock = "editLock";
    public const string OrgBarrier = "orgBarrier";
    public const string SessionDropped = "sessionDropped";
    public const string Unavailable = "unavailable";
    public const string ReadOnly = "readOnly";
    public const string HtmlProxy = "htmlProxy";
    public const string Slow = "slow";
    public const string Drop = "drop";
    public const string MalformedJson = "malformedJson";
    public const string LostAnswer = "lostAnswer";
    public const string LateAnswer = "lateAnswer";
    public const string EmptyPage = "emptyPage";
    public const string RepeatedBulkId = "repeatedBulkId";
    public const string GzipBomb = "gzipBomb";
    public const string Oversize = "oversize";
    public const string EchoHeaders = "echoHeaders";

    public static readonly IReadOnlyList<string> All =
        [RateLimit, EditLock, OrgBarrier, SessionDropped, Unavailable, ReadOnly, HtmlProxy, Slow, Drop, MalformedJson, LostAnswer, LateAnswer, EmptyPage, RepeatedBulkId, GzipBomb, Oversize, EchoHeaders];
}

/// <summary>
/// A queued fault: hits <see cref="Count"/> requests whose method equals <see cref="Method"/> (any when null)
/// and whose path starts with <see cref="Path"/> (any when null): every <see cref="Every"/>th one of them
/// (1: each), counted from when the fault was queued, so a fraction of the requests is hit deterministically.
/// <see cref="Seen"/> counts the matching requests offered to it so far. With a <see cref="Probability"/>, each
/// matching request is hit with that chance instead, drawn from a generator seeded with <see cref="Seed"/>: a fixed
/// fraction without the lockstep of every Nth (a retry that comes back as the Nth each time).
/// </summary>
public sealed record Fault(string Kind, int Count, string? Method, string? Path, int DelayMs, int RetryAfterSeconds, int Every = 1, int Seen = 0,
    double? Probability = null, int Seed = 1);
