using System.Globalization;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>One provisioning cycle as synchronizationTaskExecution reports it (every count* is non-nullable in Graph's metadata).</summary>
public sealed record EntraExecution(
    string ActivityIdentifier, bool Succeeded, DateTimeOffset Began, DateTimeOffset Ended, long Entitled, long Imported, long Exports, long Exported, EntraSyncError? Error, long Escrowed = 0)
{
    public JsonObject ToGraph() => new()
    {
        ["activityIdentifier"] = ActivityIdentifier,
        ["countEntitled"] = Entitled,
        ["countEntitledForProvisioning"] = Entitled,
        ["countEscrowed"] = Escrowed,
        ["countEscrowedRaw"] = Escrowed,
        ["countExported"] = Exported,
        ["countExports"] = Exports,
        ["countImported"] = Imported,
        ["countImportedDeltas"] = 0,
        ["countImportedReferenceDeltas"] = 0,
        ["error"] = Error?.ToGraph(),
        ["state"] = Succeeded ? "Succeeded" : "Failed",
        ["timeBegan"] = GraphTime.Write(Began),
        ["timeEnded"] = GraphTime.Write(Ended),
    };
}

/// <summary>synchronizationError: tenantActionable is non-nullable (a refused SCIM URL or token is the tenant's to fix).</summary>
public sealed record EntraSyncError(string Code, string Message, bool TenantActionable)
{
    public JsonObject ToGraph() => new() { ["code"] = Code, ["message"] = Message, ["tenantActionable"] = TenantActionable };
}

/// <summary>
/// synchronizationQuarantine: a series begins when the quarantine is first imposed and counts the re-evaluations that
/// left it in effect; Entra slows the retries of a quarantined job gradually to once a day.
/// </summary>
public sealed class EntraQuarantine(string reason, DateTimeOffset began, EntraSyncError error)
{
    private static readonly TimeSpan Cycle = TimeSpan.FromMinutes(40), Slowest = TimeSpan.FromDays(1);

    public string Reason { get; } = reason;
    public DateTimeOffset SeriesBegan { get; } = began;
    public DateTimeOffset CurrentBegan { get; private set; } = began;
    public long SeriesCount { get; private set; }
    public EntraSyncError Error { get; private set; } = error;

    /// <summary>The next retry: the cycle interval doubled for each re-evaluation of the series, at most a day.</summary>
    public DateTimeOffset NextAttempt => CurrentBegan + TimeSpan.FromTicks(Math.Min(Slowest.Ticks, Cycle.Ticks << (int)Math.Min(SeriesCount, 10)));

    /// <summary>A failed retry: the quarantine stays in effect.</summary>
    public void Continue(DateTimeOffset at, EntraSyncError error)
    {
        CurrentBegan = at;
        SeriesCount++;
        Error = error;
    }

    public JsonObject ToGraph() => new()
    {
        ["currentBegan"] = GraphTime.Write(CurrentBegan),
        ["error"] = Error.ToGraph(),
        ["nextAttempt"] = GraphTime.Write(NextAttempt),
        ["reason"] = Reason,
        ["seriesBegan"] = GraphTime.Write(SeriesBegan),
        ["seriesCount"] = SeriesCount,
    };
}

/// <summary>Graph's timestamps: UTC, ISO 8601; 0001-01-01T00:00:00Z for "never".</summary>
public static class GraphTime
{
    public static string Write(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z";
}
