using Newtonsoft.Json.Linq;

namespace ZscalerScim;

/// <summary>The organization's authentication settings (GET /authSettings), with the whole service object kept for the write back.</summary>
public sealed class ZiaAuthenticationSetting
{
    internal ZiaAuthenticationSetting(JObject raw, long orgId)
    {
        Raw = raw;
        OrgId = orgId;
    }

    public long OrgId { get; }

    public string? OrgAuthType { get; internal init; }

    public bool SamlEnabled { get; internal init; }

    public bool KerberosEnabled { get; internal init; }

    /// <summary>SAML auto-provisioning (exclusive with SCIM provisioning).</summary>
    public bool SamlAutoProvisioning { get; internal init; }

    /// <summary>The portal's "Disable Directory Sync &amp; Enable SCIM Provisioning".</summary>
    public bool DirectorySyncMigrateToScim { get; internal init; }

    public string? OneTimeAuth { get; internal init; }

    public string? AuthFrequency { get; internal init; }

    public int? AuthCustomFrequency { get; internal init; }

    public string? PasswordStrength { get; internal init; }

    public string? PasswordExpiry { get; internal init; }

    public bool MobileAdminSamlIdpEnabled { get; internal init; }

    /// <summary>The object as the service returned it; PUT replaces the whole object, so it goes back whole.</summary>
    internal JObject Raw { get; }
}
