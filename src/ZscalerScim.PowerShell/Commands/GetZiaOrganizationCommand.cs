using System.Management.Automation;

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
            var json = await session.GetAsync("orgInformation", log, cancel).ConfigureAwait(false);
            log.Add(c => c.WriteObject(ZiaOrganization.FromJson(json)));
        }, null);
    }
}
