namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// What differs between Zscaler's two SCIM servers sharing this store and these handlers: ZIA's
/// (<c>/&lt;orgId&gt;/&lt;idpId&gt;/scim</c>) and ZIdentity's (<c>/scim/&lt;id&gt;</c>, README "ZIdentity").
/// </summary>
public sealed record ScimProfile(string Name, int RequestsPerSecond, bool Bulk, bool CheckRegisteredDomains, string DocumentationUri, string TokenDescription)
{
    /// <summary>ZIA: 5 requests a second per organization (help.zscaler.com/zia/scim-api-examples), Bulk, registered domains.</summary>
    public static ScimProfile Zia { get; } = new("ZIA", 5, true, true,
        "https://help.zscaler.com/zia/understanding-scim", "The bearer token generated for the identity provider in the ZIA Admin Portal");

    /// <summary>
    /// ZIdentity: 50 requests a second (help.zscaler.com/zidentity/scim-api-examples); no Bulk in its
    /// ServiceProviderConfig (shared/reference/zidentity.md: unknown, so the client must read it).
    /// </summary>
    public static ScimProfile ZIdentity { get; } = new("ZIdentity", 50, false, false,
        "https://help.zscaler.com/zidentity/scim-api-examples", "The bearer token generated for the identity provider in the ZIdentity Admin Portal");
}
