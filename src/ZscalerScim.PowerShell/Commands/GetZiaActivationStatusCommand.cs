using System.Management.Automation;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaActivationStatus")]
[OutputType(typeof(ZiaActivationStatus))]
public sealed class GetZiaActivationStatusCommand : ZiaAdminCmdlet
{
    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        TryRun(async (log, cancel) =>
        {
            ZiaActivationStatus status = await Activation.GetStatusAsync(session, log, cancel).ConfigureAwait(false);
            log.Add(c => c.WriteObject(status));
        }, null);
    }
}
