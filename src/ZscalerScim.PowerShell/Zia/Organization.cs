using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>The tenant: GET /orgInformation.</summary>
internal static class Organization
{
    public static async Task<ZiaOrganization> GetAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken json = await session.GetAsync(ZiaWire.OrgInformationPath, log, cancel).ConfigureAwait(false);
        return new ZiaOrganization(
            (long?)json[ZiaWire.OrgId] ?? 0,
            (string?)json[ZiaWire.OrgName],
            (string?)json[ZiaWire.CloudName],
            (string?)json[ZiaWire.PrimaryDomain],
            (json[ZiaWire.Domains] as JArray)?.Select(d => (string?)d).Where(d => d is not null).Select(d => d!).ToArray() ?? new string[0],
            (string?)json[ZiaWire.Country],
            (string?)json[ZiaWire.Timezone]);
    }
}
