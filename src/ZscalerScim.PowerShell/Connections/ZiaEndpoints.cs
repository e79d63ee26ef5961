using System;

namespace ZscalerScim;

/// <summary>Where one session's calls go. Paths below each root are the service's real paths.</summary>
public sealed class ZiaEndpoints
{
    internal ZiaEndpoints(Uri api, Uri? portalApi, Uri? tokenUri, Uri? scimHost)
    {
        Api = api;
        PortalApi = portalApi;
        TokenUri = tokenUri;
        ScimHost = scimHost;
    }

    /// <summary>The ZIA API root (legacy /api/v1/ or OneAPI /zia/api/v1/).</summary>
    public Uri Api { get; }

    /// <summary>The Admin Portal API root (/zsapi/v1/); API-key sessions only.</summary>
    public Uri? PortalApi { get; }

    /// <summary>The OneAPI token endpoint; OneAPI sessions only.</summary>
    public Uri? TokenUri { get; }

    /// <summary>The SCIM server's origin; the tenant's SCIM base URL is /&lt;orgId&gt;/&lt;idpId&gt;/scim below it.</summary>
    public Uri? ScimHost { get; internal set; }

    /// <summary>The ZIdentity API root (/ziam/admin/api/v1/ on OneAPI's gateway); OneAPI sessions only.</summary>
    public Uri? ZIdentityApi { get; internal set; }

    public override string ToString() => Api.ToString();
}
