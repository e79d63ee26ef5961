using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZscalerScim.Entra;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

/// <summary>
/// Entra ID's provisioning logs of the Zscaler job (GET /auditLogs/provisioning, filtered by the job and a time window),
/// failures by default, each with Entra ID's error code and reason and the ZIA rule behind it where one applies.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZiaScimEntraProvisioningLog", DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(ZiaScimEntraProvisioningLog))]
public sealed class GetZiaScimEntraProvisioningLogCommand : EntraCmdlet
{
    /// <summary>The enterprise application (object id or display name); by default the one Connect-ZiaScimEntra -ServicePrincipal named.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServicePrincipalId")]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    /// <summary>The start of the window; by default 24 hours ago.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>The end of the window; by default now.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>Which records: Failure (the default), Warning, Success, Skipped, or All.</summary>
    [Parameter]
    [ValidateSet("Failure", "Warning", "Success", "Skipped", "All")]
    public string Status { get; set; } = "Failure";

    protected override void ProcessRecord()
    {
        string name = ServicePrincipalOrDefault(ServicePrincipal);
        string? jobId = JobIdOrDefault(JobId, ServicePrincipal);
        DateTime until = (Until ?? DateTime.UtcNow).ToUniversalTime();
        DateTime since = (Since ?? until.AddHours(-24)).ToUniversalTime();
        if (since >= until)
        {
            Fail(new ZiaException("EntraInvalidWindow", ErrorCategory.InvalidArgument, $"-Since ({since:u}) must be before -Until ({until:u}).", "Since"));
        }
        // Graph's filter values are case-sensitive and lower case (failure, not Failure).
        string? status = Status == "All" ? null : Status.ToLowerInvariant();
        GraphConnection graph = Graph();
        try
        {
            EntraTarget target = Run((log, cancel) => EntraTarget.ResolveAsync(graph, name, jobId, log, cancel));
            IReadOnlyList<ZiaScimEntraProvisioningLog> records = Run((log, cancel) => EntraReports.LogsAsync(graph, target.JobId, since, until, status, log, cancel));
            WriteVerbose($"{records.Count} {(status ?? "")} provisioning log records of job {target.JobId} ({target.Name}) from {since:u} to {until:u}.");
            foreach (ZiaScimEntraProvisioningLog record in records)
            {
                if (ScimRefusals.Classify(record.Reason) is { } rule)
                {
                    record.ZiaRule = rule.Rule;
                    record.ZiaRuleFix = rule.Fix;
                }
                WriteObject(record);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, name);
        }
    }
}
