using Newtonsoft.Json.Linq;
using ZscalerScim.Portal;

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

    public long Id => (long?)Raw[IdpWire.Id] ?? 0;

    public string? Name => (string?)Raw[IdpWire.Name];

    public bool Enabled => (bool?)Raw[IdpWire.Enabled] ?? false;

    public ZiaUserRepository UserRepository => IdpWire.ParseRepository((string?)Raw[IdpWire.UserRepository]);

    public bool SamlAutoProvisioning => (bool?)Raw[IdpWire.SamlAutoProvisioning] ?? false;

    public bool ScimProvisioning => (bool?)Raw[IdpWire.ScimEnabled] ?? false;

    /// <summary>The SCIM base URL as the portal reports it (empty while SCIM is off).</summary>
    public string? ScimBaseUrl => (string?)Raw[IdpWire.ScimEndpoint] is { Length: > 0 } url ? url : null;

    public bool HasBearerToken => (bool?)Raw[IdpWire.HasBearerToken] ?? !string.IsNullOrEmpty((string?)Raw[IdpWire.BearerToken]);

    public long OrgId => Session.OrgId;

    /// <summary>The session it was read with, so that piping it on uses the same tenant.</summary>
    public ZiaSession Session { get; }

    /// <summary>The whole object as the service returned it (it holds the bearer token: never write it out).</summary>
    internal JObject Raw { get; }

    public override string ToString() => $"{Name} ({Id})";
}
