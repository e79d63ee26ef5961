namespace ZscalerScim;

/// <summary>The tenant, from GET /orgInformation.</summary>
public sealed class ZiaOrganization
{
    internal ZiaOrganization(long orgId, string? name, string? cloudName, string? pDomain, string[] domains, string? country, string? timezone)
    {
        OrgId = orgId;
        Name = name;
        CloudName = cloudName;
        PDomain = pDomain;
        Domains = new ScimTextList(domains);
        Country = country;
        Timezone = timezone;
    }

    public long OrgId { get; }

    public string? Name { get; }

    /// <summary>The cloud, e.g. zscalertwo.net.</summary>
    public string? CloudName { get; }

    /// <summary>The primary domain.</summary>
    public string? PDomain { get; }

    /// <summary>Domains registered with Zscaler; SCIM userNames must be in one of them. Export-Csv writes them joined with "; ".</summary>
    public ScimTextList Domains { get; }

    public string? Country { get; }

    public string? Timezone { get; }

    public override string ToString() => $"{Name} ({OrgId})";
}
