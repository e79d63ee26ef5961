using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>
/// The organization's authentication settings (GET and PUT /authSettings). PUT replaces the whole object, so a write
/// goes through <see cref="WholeObjectApi"/>: field check, everything sent back, read-back verified.
/// </summary>
internal static class AuthenticationSettings
{
    /// <summary>The wire name of "Disable Directory Sync &amp; Enable SCIM Provisioning", the change that breaks directory sync.</summary>
    public const string MigrateToScimField = ZiaWire.MigrateToScim;

    /// <summary>The named settings (null: not named) as wire changes.</summary>
    public static Dictionary<string, bool> Changes(bool? samlAutoProvisioning, bool? directorySyncMigrateToScim)
    {
        Dictionary<string, bool> wanted = new();
        if (samlAutoProvisioning is { } saml)
        {
            wanted[ZiaWire.AutoProvision] = saml;
        }
        if (directorySyncMigrateToScim is { } migrate)
        {
            wanted[ZiaWire.MigrateToScim] = migrate;
        }
        return wanted;
    }

    /// <summary>The wanted values that <paramref name="current"/> does not hold yet.</summary>
    public static Dictionary<string, bool> Differences(ZiaAuthenticationSetting current, IDictionary<string, bool> wanted) =>
        wanted.Where(w => (bool?)current.Raw[w.Key] != w.Value).ToDictionary(w => w.Key, w => w.Value);

    public static async Task<ZiaAuthenticationSetting> GetAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken json = await session.GetAsync(ZiaWire.AuthSettingsPath, log, cancel).ConfigureAwait(false);
        return Wrap(json as JObject ?? new JObject(), session.OrgId);
    }

    /// <summary>The drift guard alone, before a confirmation prompt: throws when <paramref name="current"/> lacks a field.</summary>
    public static void RequireFields(ZiaAuthenticationSetting current, IEnumerable<string> fields) =>
        WholeObjectApi.Zia.RequireFields(current.Raw, fields, "the authentication settings", current);

    /// <summary>Saves <paramref name="changes"/> (wire name, value) on top of <paramref name="current"/> and verifies them.</summary>
    public static async Task<ZiaAuthenticationSetting> SaveAsync(ZiaSession session, ZiaAuthenticationSetting current, IDictionary<string, bool> changes, OperationLog log, CancellationToken cancel)
    {
        JObject saved = await WholeObjectApi.Zia.SaveAsync(current.Raw, changes.ToDictionary(c => c.Key, c => (JToken)c.Value),
            $"authentication settings of organization {session.OrgId}", "Get-ZiaAuthenticationSetting", "ZiaSettingNotVerified",
            body => session.SendAsync(HttpMethod.Put, ZiaWire.AuthSettingsPath, body, log, cancel),
            async () => (await GetAsync(session, log, cancel).ConfigureAwait(false)).Raw,
            current, log).ConfigureAwait(false);
        return Wrap(saved, session.OrgId);
    }

    /// <summary>The portal's "Disable Directory Sync &amp; Enable SCIM Provisioning", read fresh (with its field checked).</summary>
    public static async Task<bool> IsMigratedToScimAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        ZiaAuthenticationSetting settings = await GetAsync(session, log, cancel).ConfigureAwait(false);
        RequireFields(settings, new[] { ZiaWire.MigrateToScim });
        return settings.DirectorySyncMigrateToScim;
    }

    /// <summary>Turns "Disable Directory Sync &amp; Enable SCIM Provisioning" on or off (read fresh, whole object back, verified).</summary>
    public static async Task SetMigrationToScimAsync(ZiaSession session, bool on, OperationLog log, CancellationToken cancel)
    {
        ZiaAuthenticationSetting current = await GetAsync(session, log, cancel).ConfigureAwait(false);
        log.Verbose($"Turning {(on ? "on" : "back off")} 'Disable Directory Sync & Enable SCIM Provisioning' in the authentication settings.");
        await SaveAsync(session, current, new Dictionary<string, bool> { [ZiaWire.MigrateToScim] = on }, log, cancel).ConfigureAwait(false);
    }

    private static ZiaAuthenticationSetting Wrap(JObject raw, long orgId) => new(raw, orgId)
    {
        OrgAuthType = (string?)raw[ZiaWire.OrgAuthType],
        SamlEnabled = (bool?)raw[ZiaWire.SamlEnabled] ?? false,
        KerberosEnabled = (bool?)raw[ZiaWire.KerberosEnabled] ?? false,
        SamlAutoProvisioning = (bool?)raw[ZiaWire.AutoProvision] ?? false,
        DirectorySyncMigrateToScim = (bool?)raw[ZiaWire.MigrateToScim] ?? false,
        OneTimeAuth = (string?)raw[ZiaWire.OneTimeAuth],
        AuthFrequency = (string?)raw[ZiaWire.AuthFrequency],
        AuthCustomFrequency = (int?)raw[ZiaWire.AuthCustomFrequency],
        PasswordStrength = (string?)raw[ZiaWire.PasswordStrength],
        PasswordExpiry = (string?)raw[ZiaWire.PasswordExpiry],
        MobileAdminSamlIdpEnabled = (bool?)raw[ZiaWire.MobileAdminSamlIdpEnabled] ?? false,
    };
}
