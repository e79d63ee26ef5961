using System;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Entra;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Restarts the Zscaler provisioning job (Graph's restart): by default with no reset scope, the portal's "Restart
/// provisioning", which lifts a quarantine (it comes back if its cause remains). -ResetScope Full resets everything and is
/// confirmed as high impact; the deletions a TooManyDeletes quarantine holds back are released only with -ReleaseDeleteQuarantine.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "ZiaScimEntraProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(ZiaScimEntraProvisioning))]
public sealed class RestartZiaScimEntraProvisioningCommand : EntraCmdlet
{
    /// <summary>The enterprise application (object id or display name); by default the one Connect-ZiaScimEntra -ServicePrincipal named.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServicePrincipalId")]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    /// <summary>What to reset beside the restart: Escrows, Watermark, QuarantineState, or Full (everything; high impact).</summary>
    [Parameter]
    [ValidateSet("Escrows", "Watermark", "QuarantineState", "Full")]
    public string[]? ResetScope { get; set; }

    /// <summary>Release a quarantine for too many deletes: restart with ForceDeletes, which carries out the held-back deletions. High impact.</summary>
    [Parameter]
    public SwitchParameter ReleaseDeleteQuarantine { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string name = ServicePrincipalOrDefault(ServicePrincipal);
        string? jobId = JobIdOrDefault(JobId, ServicePrincipal);
        string[] scopes = (ResetScope ?? Array.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        bool full = EntraProvisioning.ResetsEverything(scopes);
        GraphConnection graph = Graph();
        EntraTarget target;
        try
        {
            target = Run((log, cancel) => EntraTarget.ResolveAsync(graph, name, jobId, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, name);
            return;
        }
        ZiaScimEntraProvisioning job = target.Job;
        string what = $"enterprise application {target.ServicePrincipal}, provisioning job {job.JobId}";

        try
        {
            if (EntraProvisioning.HoldsDeletes(job))
            {
                // The held deletions run only on the admin's explicit word; neither a restart nor Full releases them unasked.
                if (!ReleaseDeleteQuarantine)
                {
                    ItemFailed(EntraProvisioning.DeletesHeld(job, "Nothing was changed.", "The job was not restarted: a restart does not release a quarantine for too many deletes.",
                        "Restart-ZiaScimEntraProvisioning -ReleaseDeleteQuarantine", what), what);
                    return;
                }
                if (!ShouldProcessAsHighImpact(what, "Release the quarantine for too many deletes: restart the job with ForceDeletes, which carries out every deletion the accidental-deletions threshold held back" +
                        (job.CountEscrowed is { } held ? $" ({held} held back)" : string.Empty)))
                {
                    return;
                }
                Run((log, cancel) => EntraProvisioning.ReleaseDeletesAsync(graph, target.ServicePrincipal.Id, target.JobId, log, cancel));
                WriteWarning($"Released: {EntraProvisioning.DescribeHeldDeletes(job)} The job was restarted with ForceDeletes: its next cycle carries out those deletions.");
            }
            else
            {
                if (ReleaseDeleteQuarantine)
                {
                    WriteWarning($"The provisioning job {job.JobId} is not quarantined for too many deletes (status {job.Status}): there are no held deletions to release.");
                }
                string action = scopes.Length == 0
                    ? $"Restart provisioning (no reset scope: the portal's Restart; it lifts a quarantine{(job.QuarantineReason is { } why ? $" ({why})" : string.Empty)}, which comes back if its cause remains)"
                    : $"Restart provisioning with reset scope {string.Join(", ", scopes)}";
                bool confirmed = full
                    ? ShouldProcessAsHighImpact(what, action + ": Full resets everything Entra ID knows of the job (its escrows, watermark and what it exported), and the next cycle re-evaluates every user")
                    : ShouldChange(what, action);
                if (!confirmed)
                {
                    return;
                }
                Run((log, cancel) => EntraProvisioning.RestartAsync(graph, target.ServicePrincipal.Id, target.JobId, scopes, log, cancel));
                WriteVerbose($"Restarted the provisioning job {job.JobId}{(scopes.Length == 0 ? string.Empty : $" (reset {string.Join(", ", scopes)})")}.");
            }
            if (PassThru)
            {
                WriteObject(Run((log, cancel) => EntraProvisioning.GetJobAsync(graph, target.ServicePrincipal, target.JobId, log, cancel)));
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, what);
        }
    }
}
