using System;

namespace ZscalerScim;

/// <summary>An Entra ID enterprise application's provisioning (synchronization) job and its state, as Microsoft Graph reports it.</summary>
public sealed class ZiaScimEntraProvisioning
{
    internal ZiaScimEntraProvisioning()
    {
    }

    /// <summary>The service principal's object id (Enterprise applications > Properties > Object ID).</summary>
    public string? ServicePrincipalId { get; internal set; }

    public string? DisplayName { get; internal set; }

    /// <summary>The application (client) id of the enterprise application.</summary>
    public string? AppId { get; internal set; }

    public string? JobId { get; internal set; }

    /// <summary>The gallery template of the job (for example a Zscaler cloud's).</summary>
    public string? TemplateId { get; internal set; }

    /// <summary>NotConfigured, NotRun, Active, Paused or Quarantine.</summary>
    public string? Status { get; internal set; }

    /// <summary>The last run's state: Succeeded, Failed, Warning...; empty when the job never ran.</summary>
    public string? LastRunState { get; internal set; }

    public DateTime? LastRunStarted { get; internal set; }

    public DateTime? LastRunEnded { get; internal set; }

    /// <summary>The last run's error message, when it failed.</summary>
    public string? LastRunError { get; internal set; }

    public DateTime? LastSuccessfulRun { get; internal set; }

    /// <summary>Why Entra ID quarantined the job (for example EncounteredQuarantineException); empty when it is not quarantined.</summary>
    public string? QuarantineReason { get; internal set; }

    /// <summary>When Entra ID first imposed the quarantine (its series began), not its last re-evaluation.</summary>
    public DateTime? QuarantineSince { get; internal set; }

    /// <summary>Entra ID's message for the quarantine (for TooManyDeletes: the deletions it held back and the threshold).</summary>
    public string? QuarantineMessage { get; internal set; }

    /// <summary>Changes the last run held back (for a TooManyDeletes quarantine: the deletions waiting for an admin's decision).</summary>
    public long? CountEscrowed { get; internal set; }

    /// <summary>Users and groups in scope of the last run.</summary>
    public long? CountEntitled { get; internal set; }

    /// <summary>Changes the last run sent to the SCIM server.</summary>
    public long? CountExported { get; internal set; }

    public DateTime? SteadyStateSince { get; internal set; }

    public override string ToString() => $"{DisplayName} ({JobId}): {Status}";
}
