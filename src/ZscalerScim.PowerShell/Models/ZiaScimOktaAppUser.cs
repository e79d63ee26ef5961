using System;

namespace ZscalerScim;

/// <summary>A user assigned to the Okta Zscaler 2.0 app, with its provisioning state (Get-ZiaScimOktaAppUser).</summary>
public sealed class ZiaScimOktaAppUser
{
    internal ZiaScimOktaAppUser()
    {
    }

    /// <summary>The Okta user's id.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The app username Okta sends to ZIA as userName.</summary>
    public string? UserName { get; internal set; }

    /// <summary>The assignment's status (ACTIVE, PROVISIONED, DEPROVISIONED...).</summary>
    public string? Status { get; internal set; }

    /// <summary>DISABLED, ERROR, OUT_OF_SYNC, SYNCHRONIZED or SYNCING. Okta ties it to profile mastering, so a push-only app may not show push errors here: the System Log is the firmer evidence.</summary>
    public string? SyncState { get; internal set; }

    public DateTime? LastSync { get; internal set; }

    public DateTime? LastUpdated { get; internal set; }

    public string AppId { get; internal set; } = string.Empty;

    /// <summary>SyncState is ERROR or OUT_OF_SYNC.</summary>
    public bool NeedsAttention => SyncState is "ERROR" or "OUT_OF_SYNC";

    public override string ToString() => $"{UserName} ({SyncState})";
}
