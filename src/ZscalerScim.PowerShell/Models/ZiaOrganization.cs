using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZscalerScim;

/// <summary>The tenant, from GET /orgInformation.</summary>
public sealed class ZiaOrganization
{
    public long OrgId { get; private set; }

    public string? Name { get; private set; }

    /// <summary>The cloud, e.g. zscalertwo.net.</summary>
    public string? CloudName { get; private set; }

    /// <summary>The primary domain.</summary>
    public string? PDomain { get; private set; }

    /// <summary>Domains registered with Zscaler; SCIM userNames must be in one of them.</summary>
    public string[] Domains { get; private set; } = new string[0];

    public string? Country { get; private set; }

    public string? Timezone { get; private set; }

    internal static ZiaOrganization FromJson(JToken json) => new()
    {
        OrgId = (long?)json["orgId"] ?? 0,
        Name = (string?)json["name"],
        CloudName = (string?)json["cloudName"],
        PDomain = (string?)json["pdomain"],
        Domains = (json["domains"] as JArray)?.Select(d => (string?)d).Where(d => d is not null).Select(d => d!).ToArray() ?? new string[0],
        Country = (string?)json["country"],
        Timezone = (string?)json["timezone"],
    };

    public override string ToString() => $"{Name} ({OrgId})";
}
