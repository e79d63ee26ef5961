using System.Management.Automation;
using ZscalerScim.Entra;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

/// <summary>
/// Provisions one user through the Zscaler job now (Graph's provisionOnDemand, the portal's "Provision on demand"):
/// Invoke, the approved verb for performing an action, with the action's own name, since the module's Sync- cmdlets are
/// its own SCIM client. The rule id comes from the job's schema; Graph allows 5 requests per 10 seconds, which the
/// connection keeps to. The result shows Entra ID's steps, not its raw JSON.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ZiaScimEntraProvisionOnDemand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(ZiaScimEntraOnDemandResult))]
public sealed class InvokeZiaScimEntraProvisionOnDemandCommand : EntraCmdlet
{
    /// <summary>The user in Entra ID: object id or userPrincipalName (Get-MgUser output binds by Id).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("UserPrincipalName", "Id")]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The enterprise application (object id or display name); by default the one Connect-ZiaScimEntra -ServicePrincipal named.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    private EntraTarget? _target;
    private string? _ruleId;

    protected override void ProcessRecord()
    {
        GraphConnection graph = Graph();
        if (_target is null)
        {
            string name = ServicePrincipalOrDefault(ServicePrincipal);
            string? jobId = JobIdOrDefault(JobId, ServicePrincipal);
            try
            {
                _target = Run((log, cancel) => EntraTarget.ResolveAsync(graph, name, jobId, log, cancel));
                _ruleId = Run((log, cancel) => EntraOnDemand.UserRuleIdAsync(graph, _target.ServicePrincipal.Id, _target.JobId, log, cancel));
            }
            catch (ZiaException ex)
            {
                Fail(ex);
                return;
            }
        }
        EntraTarget target = _target!;
        try
        {
            (string id, string? upn) = Run((log, cancel) => EntraOnDemand.ResolveUserAsync(graph, User!, log, cancel));
            if (!ShouldChange($"user {upn ?? id} through {target.Name}, job {target.JobId}", "Provision the user to ZIA now (create or update it at the SCIM server)"))
            {
                return;
            }
            ZiaScimEntraOnDemandResult result = Run((log, cancel) => EntraOnDemand.ProvisionAsync(graph, target.ServicePrincipal.Id, target.JobId, _ruleId!, id, log, cancel));
            result.UserPrincipalName = upn ?? result.UserPrincipalName;
            if (ScimRefusals.Classify(result.Reason) is { } rule)
            {
                result.ZiaRule = rule.Rule;
                result.ZiaRuleFix = rule.Fix;
            }
            WriteObject(result);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, User);
        }
    }
}
