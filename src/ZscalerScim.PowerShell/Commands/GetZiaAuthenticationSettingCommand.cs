using System.Management.Automation;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaAuthenticationSetting")]
[OutputType(typeof(ZiaAuthenticationSetting))]
public sealed class GetZiaAuthenticationSettingCommand : ZiaAdminCmdlet
{
    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        TryRun(async (log, cancel) =>
        {
            ZiaAuthenticationSetting settings = await AuthenticationSettings.GetAsync(session, log, cancel).ConfigureAwait(false);
            log.Add(c => c.WriteObject(settings));
        }, null);
    }
}
