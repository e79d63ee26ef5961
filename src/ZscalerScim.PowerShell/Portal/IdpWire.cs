using Newtonsoft.Json.Linq;

namespace ZscalerScim.Portal;

/// <summary>
/// Every wire name of the Admin Portal's identity-provider API, in one place. Zscaler does not publish
/// this API: the names are a guess (modelled on the ZPA IdP API). The module keeps every field the
/// service returns, and refuses to write when a field it is about to change is missing.
/// </summary>
internal static class IdpWire
{
    public const string ListPath = "idpConfig";
    public const string GeneratorPath = "idpConfig/generateBearerToken";

    public const string Id = "id";
    public const string Name = "name";
    public const string Enabled = "enabled";
    public const string UserRepository = "userRepositoryType";
    public const string SamlAutoProvisioning = "autoProvision";
    public const string ScimEnabled = "scimEnabled";
    public const string ScimEndpoint = "scimServiceProviderEndpoint";
    public const string HasBearerToken = "scimSharedSecretExists";
    public const string BearerToken = "scimSharedSecret";

    /// <summary>The generator's answer field.</summary>
    public const string GeneratedToken = "bearerToken";

    public static string ItemPath(long id) => $"{ListPath}/{id}";

    /// <summary>The public model of one identity provider object; the object itself is kept for the write back.</summary>
    public static ZiaIdentityProvider ToModel(JObject o, ZiaSession session) => new(o, session)
    {
        Id = (long?)o[IdpWire.Id] ?? 0,
        Name = (string?)o[IdpWire.Name],
        Enabled = (bool?)o[IdpWire.Enabled] ?? false,
        UserRepository = ParseRepository((string?)o[IdpWire.UserRepository]),
        SamlAutoProvisioning = (bool?)o[IdpWire.SamlAutoProvisioning] ?? false,
        ScimProvisioning = (bool?)o[IdpWire.ScimEnabled] ?? false,
        ScimBaseUrl = (string?)o[IdpWire.ScimEndpoint] is { Length: > 0 } url ? url : null,
        HasBearerToken = (bool?)o[IdpWire.HasBearerToken] ?? !string.IsNullOrEmpty((string?)o[IdpWire.BearerToken]),
    };

    private static ZiaUserRepository ParseRepository(string? value) => value switch
    {
        "HOSTED_DB" => ZiaUserRepository.HostedDb,
        "ACTIVE_DIRECTORY" => ZiaUserRepository.ActiveDirectory,
        "OPEN_LDAP" => ZiaUserRepository.OpenLdap,
        null => ZiaUserRepository.Unknown,
        _ => ZiaUserRepository.Other,
    };
}
