using System;
using System.Collections.Generic;
using System.Linq;

namespace ZscalerScim;

/// <summary>
/// A sync's outcome in numbers. Written at the end of Sync-ZiaScimUser and Sync-ZiaScimGroup as a host line (shown in a
/// console, a transcript and a job's log, as Write-Host is) on the information stream, tagged 'ScimSyncSummary', so a
/// script keeps it with -InformationVariable; the per-item results stay the only output objects.
/// </summary>
public sealed class ScimSyncSummary
{
    /// <summary>The information record's tag.</summary>
    public const string Tag = "ScimSyncSummary";

    private readonly IReadOnlyDictionary<ScimSyncAction, int> _counts;

    internal ScimSyncSummary(string command, IReadOnlyDictionary<ScimSyncAction, int> counts, int notWritten, int heldBack)
    {
        Command = command;
        _counts = counts;
        NotWritten = notWritten;
        HeldBack = heldBack;
    }

    public string Command { get; }

    public int Created => Count(ScimSyncAction.Created);

    public int Updated => Count(ScimSyncAction.Updated);

    public int Reactivated => Count(ScimSyncAction.Reactivated);

    public int Unchanged => Count(ScimSyncAction.Unchanged);

    public int Disabled => Count(ScimSyncAction.Disabled);

    public int Deleted => Count(ScimSyncAction.Deleted);

    public int Skipped => Count(ScimSyncAction.Skipped);

    public int Failed => Count(ScimSyncAction.Failed);

    /// <summary>Planned, then declined at -Confirm (or a session that cannot answer).</summary>
    public int NotWritten { get; }

    /// <summary>Deprovisioning held back by -DeprovisionLimit.</summary>
    public int HeldBack { get; }

    private int Count(ScimSyncAction action) => _counts.TryGetValue(action, out int n) ? n : 0;

    /// <summary>"3 created, 1 failed, ..." in a fixed order, leaving out what did not happen (and Failed unless asked).</summary>
    internal string Describe(bool withFailed = true) =>
        string.Join(", ", Enum.GetValues(typeof(ScimSyncAction)).Cast<ScimSyncAction>()
            .Where(a => Count(a) > 0 && (withFailed || a != ScimSyncAction.Failed))
            .Select(a => $"{Count(a)} {a.ToString().ToLowerInvariant()}")
            .Concat(NotWritten > 0 ? new[] { $"{NotWritten} planned but not written" } : new string[0])
            .Concat(HeldBack > 0 ? new[] { $"{HeldBack} held back by -DeprovisionLimit" } : new string[0]));

    public override string ToString()
    {
        string said = Describe();
        return $"{Command}: {(said.Length == 0 ? "nothing to do" : said)}.";
    }
}
