using Newtonsoft.Json.Linq;

namespace ZscalerScim;

/// <summary>Where an identity provider's users live; SCIM needs a hosted database unless directory sync is migrated.</summary>
public enum ZiaUserRepository
{
    HostedDb,
    ActiveDirectory,
    OpenLdap,
    Other,
    Unknown,
}

/// <summary>A SAML identity provider of the Admin Portal, with its SCIM provisioning state.</summary>
public sealed class ZiaIdentityProvider
{
    internal ZiaIdentityProvider(JObject raw, ZiaSession session)
    {
        Raw = raw;
        Session = session;
    }

    public long Id { get; internal init; }

    public string? Name { get; internal init; }

    public bool Enabled { get; internal init; }

    public ZiaUserRepository UserRepository { get; internal init; }

    public bool SamlAutoProvisioning { get; internal init; }

    public bool ScimProvisioning { get; internal init; }

    /// <summary>The SCIM base URL as the portal reports it (null while SCIM is off).</summary>
    public string? ScimBaseUrl { get; internal init; }

    public bool HasBearerToken { get; internal init; }

    public long OrgId => Session.OrgId;

    /// <summary>The session it was read with, so that piping it on uses the same tenant.</summary>
    public ZiaSession Session { get; }

    /// <summary>The whole object as the service returned it, for the write back (it holds the bearer token: never write it out).</summary>
    internal JObject Raw { get; }

    public override string ToString() => $"{Name} ({Id})";
}
