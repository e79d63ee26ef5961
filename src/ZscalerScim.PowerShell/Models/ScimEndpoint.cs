using System;

namespace ZscalerScim;

/// <summary>Where a SCIM client (Okta, Entra ID, or this module) sends users for one identity provider.</summary>
public sealed class ScimEndpoint
{
    internal ScimEndpoint(ZiaIdentityProvider idp, Uri scimHost, bool isDeprecated)
    {
        IdentityProvider = idp.Name;
        IdentityProviderId = idp.Id;
        OrgId = idp.OrgId;
        Cloud = idp.Session.Cloud;
        Session = idp.Session;
        BaseUrl = new Uri(scimHost, $"{OrgId}/{IdentityProviderId}/scim");
        OktaBaseUrl = $"/{OrgId}/{IdentityProviderId}/";
        IsDeprecated = isDeprecated;
    }

    public string? IdentityProvider { get; }

    public long IdentityProviderId { get; }

    public long OrgId { get; }

    public string? Cloud { get; }

    /// <summary>https://scim.&lt;cloud&gt;/&lt;orgId&gt;/&lt;idpId&gt;/scim: what Entra ID and most clients want.</summary>
    public Uri BaseUrl { get; }

    /// <summary>/&lt;orgId&gt;/&lt;idpId&gt;/: only these path parts, as Okta's Zscaler app wants them (the portal's instruction).</summary>
    public string OktaBaseUrl { get; }

    /// <summary>True when the portal still reports the older per-organization URL, which Zscaler marks deprecated.</summary>
    public bool IsDeprecated { get; }

    public ZiaSession Session { get; }

    public override string ToString() => BaseUrl.ToString();
}
