using Newtonsoft.Json.Linq;

namespace ZscalerScim;

/// <summary>The organization's authentication settings (GET /authSettings), with the whole service object kept for the write back.</summary>
public sealed class ZiaAuthenticationSetting
{
    // The supported API's field names (reference: "Authentication settings").
    internal const string AutoProvisionField = "autoProvision";
    internal const string MigrateToScimField = "directorySyncMigrateToScimEnabled";

    internal ZiaAuthenticationSetting(JObject raw, long orgId)
    {
        Raw = raw;
        OrgId = orgId;
    }

    public long OrgId { get; }

    public string? OrgAuthType => (string?)Raw["orgAuthType"];

    public bool SamlEnabled => (bool?)Raw["samlEnabled"] ?? false;

    public bool KerberosEnabled => (bool?)Raw["kerberosEnabled"] ?? false;

    /// <summary>SAML auto-provisioning (exclusive with SCIM provisioning).</summary>
    public bool SamlAutoProvisioning => (bool?)Raw[AutoProvisionField] ?? false;

    /// <summary>The portal's "Disable Directory Sync &amp; Enable SCIM Provisioning".</summary>
    public bool DirectorySyncMigrateToScim => (bool?)Raw[MigrateToScimField] ?? false;

    public string? OneTimeAuth => (string?)Raw["oneTimeAuth"];

    public string? AuthFrequency => (string?)Raw["authFrequency"];

    public int? AuthCustomFrequency => (int?)Raw["authCustomFrequency"];

    public string? PasswordStrength => (string?)Raw["passwordStrength"];

    public string? PasswordExpiry => (string?)Raw["passwordExpiry"];

    public bool MobileAdminSamlIdpEnabled => (bool?)Raw["mobileAdminSamlIdpEnabled"] ?? false;

    /// <summary>The object as the service returned it; PUT replaces the whole object, so it goes back whole.</summary>
    internal JObject Raw { get; }
}
