using System.Management.Automation;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaOrganization")]
[OutputType(typeof(ZiaOrganization))]
public sealed class GetZiaOrganizationCommand : ZiaAdminCmdlet
{
    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        TryRun(async (log, cancel) =>
        {
            ZiaOrganization organization = await Organization.GetAsync(session, log, cancel).ConfigureAwait(false);
            log.Add(c => c.WriteObject(organization));
        }, null);
    }
}
