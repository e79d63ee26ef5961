namespace ZscalerScim;

/// <summary>Which Zscaler SCIM server a connection talks to; each has its own limits and forms.</summary>
public enum ScimServerKind
{
    /// <summary>A base URL of neither form, and no discovery that says which.</summary>
    Unknown,

    /// <summary>ZIA's SCIM server: https://scim.&lt;cloud&gt;/&lt;orgId&gt;/&lt;idpId&gt;/scim (5 requests a second).</summary>
    Zia,

    /// <summary>ZIdentity's SCIM server: https://&lt;vanity&gt;.zslogin.net/scim/&lt;id&gt; (50 requests a second).</summary>
    ZIdentity,
}
