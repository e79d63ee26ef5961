using System.Management.Automation;
using ZscalerScim.Entra;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimEntraProvisioning", DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(ZiaScimEntraProvisioning))]
public sealed class GetZiaScimEntraProvisioningCommand : EntraCmdlet
{
    /// <summary>The enterprise application: its service principal's object id, or its display name (exactly one match); by default the one Connect-ZiaScimEntra -ServicePrincipal named.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServicePrincipalId")]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    /// <summary>One job; by default every provisioning job of the application.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    protected override void ProcessRecord()
    {
        string name = ServicePrincipalOrDefault(ServicePrincipal);
        string? jobId = JobIdOrDefault(JobId, ServicePrincipal);
        GraphConnection graph = Graph();
        try
        {
            EntraServicePrincipal sp = Run((log, cancel) => EntraProvisioning.ResolveServicePrincipalAsync(graph, name, log, cancel));
            if (jobId is not null)
            {
                WriteObject(Run((log, cancel) => EntraProvisioning.GetJobAsync(graph, sp, jobId, log, cancel)));
                return;
            }
            var jobs = Run((log, cancel) => EntraProvisioning.ListJobsAsync(graph, sp, log, cancel));
            if (jobs.Count == 0)
            {
                WriteWarning($"The enterprise application {sp} has no provisioning job yet.");
            }
            WriteObject(jobs, enumerateCollection: true);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, name);
        }
    }
}
