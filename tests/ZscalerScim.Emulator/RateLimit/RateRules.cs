namespace ZscalerScim.Emulator.RateLimit;

/// <summary>At most <see cref="Limit"/> requests in any <see cref="Window"/>.</summary>
public sealed record RateRule(int Limit, TimeSpan Window, string Unit)
{
    /// <summary>As the 429 message writes it: <c>1/SECOND</c>.</summary>
    public override string ToString() => $"{Limit}/{Unit}";
}

/// <summary>ZIA's published limits per HTTP method, per organization (reference, "Rate limits").</summary>
public static class RateRules
{
    /// <summary>The extra class that <c>POST /status/activate</c> counts in besides POST.</summary>
    public const string Activation = "ACTIVATE";

    /// <summary>Every call of <c>/eventlogEntryReport</c>, whatever its method: 2 a second and 1,000 an hour (zia/api-rate-limit-summary).</summary>
    public const string EventLogReport = "EVENTLOG";

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    // Each method has its own windows: a PUT does not use up the second's POST.
    private static readonly Dictionary<string, RateRule[]> ByClass = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET"] = [new(2, Second, "SECOND"), new(1000, Hour, "HOUR")],
        ["POST"] = [new(1, Second, "SECOND"), new(400, Hour, "HOUR")],
        ["PUT"] = [new(1, Second, "SECOND"), new(400, Hour, "HOUR")],
        ["DELETE"] = [new(1, Minute, "MINUTE"), new(4, Hour, "HOUR")],
        [Activation] = [new(10, Minute, "MINUTE"), new(40, Hour, "HOUR")],
        [EventLogReport] = [new(2, Second, "SECOND"), new(1000, Hour, "HOUR")],
    };

    /// <summary>The rules of a method or class; empty for methods ZIA does not limit.</summary>
    public static IReadOnlyList<RateRule> For(string methodClass) =>
        ByClass.TryGetValue(methodClass, out var rules) ? rules : [];

    /// <summary>Classes a request counts in.</summary>
    public static IEnumerable<string> ClassesOf(string method, string path)
    {
        // Logging out deletes no object: modelled outside the 1-a-minute DELETE budget ("some endpoints differ").
        if (HttpMethods.IsDelete(method) && path.TrimEnd('/').EndsWith("/authenticatedSession", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }
        if (path.Contains("/eventlogEntryReport", StringComparison.OrdinalIgnoreCase))
        {
            yield return EventLogReport;
            yield break;
        }
        yield return method.ToUpperInvariant();
        if (HttpMethods.IsPost(method) && path.TrimEnd('/').EndsWith("/status/activate", StringComparison.OrdinalIgnoreCase))
        {
            yield return Activation;
        }
    }
}
