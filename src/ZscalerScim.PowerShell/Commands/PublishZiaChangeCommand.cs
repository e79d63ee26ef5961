using System;
using System.Management.Automation;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsData.Publish, "ZiaChange", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZiaActivationStatus))]
public sealed class PublishZiaChangeCommand : ZiaAdminCmdlet
{
    /// <summary>Wait until the activation has finished (status ACTIVE).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 300;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (!ShouldChange($"organization {session.OrgId} ({session.OrganizationName})", "Activate saved changes"))
        {
            return;
        }
        TryRun(async (log, cancel) =>
        {
            ZiaActivationStatus status = await Activation.ActivatePendingAsync(session, TimeSpan.FromSeconds(TimeoutSec), log, cancel).ConfigureAwait(false);
            if (Wait)
            {
                status = await Activation.WaitAsync(session, status, TimeSpan.FromSeconds(TimeoutSec), log, cancel).ConfigureAwait(false);
            }
            log.Verbose($"Activation status: {status.Status}.");
            if (PassThru)
            {
                log.Add(c => c.WriteObject(status));
            }
        }, session);
    }
}
