namespace ZscalerScim;

/// <summary>
/// Where the organization's identity providers (and their SCIM settings) are managed. No API tells it, so
/// Connect-Zia -IdentityManagement lets the admin say; Auto recognises what it can and fails loudly otherwise.
/// </summary>
public enum ZiaIdentityManagement
{
    /// <summary>Not named: the IdP commands try the ZIA Admin Portal API and explain a refusal.</summary>
    Auto,

    /// <summary>In ZIA (Administration > Identity Providers): the IdP commands work.</summary>
    Zia,

    /// <summary>In ZIdentity (Integration > External Identities): the IdP commands refuse before sending anything.</summary>
    ZIdentity,
}
