using System;

namespace ZscalerScim;

/// <summary>Whether saved changes are live.</summary>
public enum ZiaActivationState
{
    /// <summary>Everything saved is live.</summary>
    Active,

    /// <summary>Saved changes wait for activation.</summary>
    Pending,

    /// <summary>An activation is running.</summary>
    InProgress,
}

/// <summary>The tenant's activation status, from GET /status or POST /status/activate.</summary>
public sealed class ZiaActivationStatus
{
    internal ZiaActivationStatus(ZiaActivationState status, long orgId)
    {
        Status = status;
        OrgId = orgId;
        CheckedAt = DateTime.Now;
    }

    public ZiaActivationState Status { get; }

    public long OrgId { get; }

    public DateTime CheckedAt { get; }

    public override string ToString() => Status.ToString();
}
