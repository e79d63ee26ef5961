using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

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
            ZiaAuthenticationSetting settings = await ReadAsync(session, log, cancel).ConfigureAwait(false);
            log.Add(c => c.WriteObject(settings));
        }, null);
    }

    internal static async Task<ZiaAuthenticationSetting> ReadAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken json = await session.GetAsync("authSettings", log, cancel).ConfigureAwait(false);
        return new ZiaAuthenticationSetting(json as JObject ?? new JObject(), session.OrgId);
    }
}
