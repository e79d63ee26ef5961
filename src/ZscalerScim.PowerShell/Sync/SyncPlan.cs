using System.Collections.Generic;

namespace ZscalerScim.Sync;

/// <summary>The steps of a sync, and what it held back.</summary>
internal sealed class SyncPlan
{
    public List<PlannedUser> Steps { get; } = new();

    /// <summary>Input rows that failed before any write (unreadable, no userName, ambiguous). While there are any,
    /// nothing is deprovisioned: the users of those rows would be taken for absent ones.</summary>
    public int FailedInput { get; set; }

    /// <summary>The most users deprovisioning may disable or delete in one run.</summary>
    public int DeprovisionLimit { get; set; }

    /// <summary>How many users deprovisioning would have disabled or deleted when that was over the limit (none of them is in Steps); else 0.</summary>
    public int HeldBack { get; set; }
}
