using System.Management.Automation;
using ZscalerScim.Entra;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimEntraProvisioning", DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(ZiaScimEntraProvisioning))]
public sealed class GetZiaScimEntraProvisioningCommand : EntraCmdlet
{
    /// <summary>The enterprise application: its service principal's object id, or its display name (exactly one match).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServicePrincipalId")]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    /// <summary>One job; by default every provisioning job of the application.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    protected override void ProcessRecord()
    {
        GraphConnection graph = Graph();
        try
        {
            EntraServicePrincipal sp = Run((log, cancel) => EntraProvisioning.ResolveServicePrincipalAsync(graph, ServicePrincipal!, log, cancel));
            if (JobId is not null)
            {
                WriteObject(Run((log, cancel) => EntraProvisioning.GetJobAsync(graph, sp, JobId, log, cancel)));
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
            ItemFailed(ex, ServicePrincipal);
        }
    }
}
