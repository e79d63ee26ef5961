using System;
using System.Collections.Generic;

namespace ZscalerScim;

/// <summary>One step of a provisioning action as Entra ID reports it (import, scoping, matching, action, export).</summary>
public sealed class ZiaScimProvisioningStep
{
    internal ZiaScimProvisioningStep(string? name, string? type, string? status, string? description, DateTime? timestamp)
    {
        Name = name;
        Type = type;
        Status = status;
        Description = description;
        Timestamp = timestamp;
    }

    public string? Name { get; }

    /// <summary>import, scoping, matching, processing, referenceResolution, export.</summary>
    public string? Type { get; }

    /// <summary>success, warning, failure, skipped.</summary>
    public string? Status { get; }

    public string? Description { get; }

    public DateTime? Timestamp { get; }

    public override string ToString() => $"{Type} {Status}: {Description}";
}

/// <summary>One record of Entra ID's provisioning logs for the Zscaler job (Get-ZiaScimEntraProvisioningLog).</summary>
public sealed class ZiaScimEntraProvisioningLog
{
    internal ZiaScimEntraProvisioningLog()
    {
    }

    public DateTime? ActivityDateTime { get; internal set; }

    /// <summary>create, update, delete, stagedDelete, disable, other.</summary>
    public string? Action { get; internal set; }

    /// <summary>success, warning, failure, skipped.</summary>
    public string? Status { get; internal set; }

    /// <summary>The user in Entra ID (display name), and its object id.</summary>
    public string? SourceUser { get; internal set; }

    public string? SourceId { get; internal set; }

    /// <summary>The user at the SCIM server, when it has one.</summary>
    public string? TargetUser { get; internal set; }

    public string? TargetId { get; internal set; }

    /// <summary>Entra ID's error code (for example SystemForCrossDomainIdentityManagementBadRequest).</summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>Why it failed: Entra ID's reason, which holds the SCIM server's answer.</summary>
    public string? Reason { get; internal set; }

    public string? ErrorCategory { get; internal set; }

    public string? RecommendedAction { get; internal set; }

    /// <summary>The ZIA rule behind the refusal, when one applies (unregistered domain, more than 128 groups, admin-linked user).</summary>
    public string? ZiaRule { get; internal set; }

    /// <summary>What repairs a refusal by that rule.</summary>
    public string? ZiaRuleFix { get; internal set; }

    public IReadOnlyList<ZiaScimProvisioningStep> Steps { get; internal set; } = Array.Empty<ZiaScimProvisioningStep>();

    public string? JobId { get; internal set; }

    public string? CycleId { get; internal set; }

    public string? ChangeId { get; internal set; }

    public string? Id { get; internal set; }

    public override string ToString() => $"{ActivityDateTime:u} {Action} {SourceUser}: {Status}";
}

/// <summary>The result of Invoke-ZiaScimEntraProvisionOnDemand: what Entra ID did with one user, step by step.</summary>
public sealed class ZiaScimEntraOnDemandResult
{
    internal ZiaScimEntraOnDemandResult()
    {
    }

    public string? ServicePrincipalId { get; internal set; }

    public string? JobId { get; internal set; }

    /// <summary>The user's object id in Entra ID.</summary>
    public string? UserId { get; internal set; }

    public string? UserPrincipalName { get; internal set; }

    /// <summary>Success, Failure, Skipped or Warning, as Entra ID reported it.</summary>
    public string? Result { get; internal set; }

    /// <summary>What Entra ID did: create, update, disable, delete, other.</summary>
    public string? Action { get; internal set; }

    /// <summary>Entra ID's error code (RedundantExport: the user already held these values).</summary>
    public string? ErrorCode { get; internal set; }

    public string? Reason { get; internal set; }

    /// <summary>The ZIA rule behind a refusal, when one applies.</summary>
    public string? ZiaRule { get; internal set; }

    public string? ZiaRuleFix { get; internal set; }

    public IReadOnlyList<ZiaScimProvisioningStep> Steps { get; internal set; } = Array.Empty<ZiaScimProvisioningStep>();

    public override string ToString() => $"{UserPrincipalName ?? UserId}: {Result}";
}
