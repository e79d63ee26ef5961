using System;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

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

    internal static ZiaActivationStatus FromJson(JToken json, long orgId)
    {
        string? status = (string?)json["status"];
        ZiaActivationState state = status switch
        {
            "ACTIVE" => ZiaActivationState.Active,
            "PENDING" => ZiaActivationState.Pending,
            "INPROGRESS" => ZiaActivationState.InProgress,
            _ => throw new ZiaException("ZiaUnexpectedResponse", System.Management.Automation.ErrorCategory.InvalidResult,
                $"The activation status '{status}' is not one this module knows (ACTIVE, PENDING, INPROGRESS); the API may have changed."),
        };
        return new ZiaActivationStatus(state, orgId);
    }

    public override string ToString() => Status.ToString();
}
