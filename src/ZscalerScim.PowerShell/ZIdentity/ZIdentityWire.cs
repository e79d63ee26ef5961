using System;
using System.Globalization;
using System.Linq;

namespace ZscalerScim.ZIdentity;

/// <summary>
/// ZIdentity's names, in one place: hosts, the ZIdentity API's paths and fields (help.zscaler.com/zidentity/users,
/// /zidentity/groups; zscaler-sdk-python zscaler/zid), and the SCIM forms of ZIdentity (/zidentity/scim-api-examples).
/// What is marked "guess" is not documented; a change there shows as a clear error, never a silent write.
/// </summary>
internal static class ZIdentityWire
{
    public const string Users = "users";
    public const string Groups = "groups";

    public static string ServiceEntitlements(string userId) => $"users/{Uri.EscapeDataString(userId)}/service-entitlements";

    public static string AdminEntitlements(string userId) => $"users/{Uri.EscapeDataString(userId)}/admin-entitlements";

    /// <summary>offset/limit paging; limit is at most 1000 (zidentity/users).</summary>
    public const int PageSize = 1000;

    public static string Page(string resource, int offset) =>
        $"{resource}?offset={offset.ToString(CultureInfo.InvariantCulture)}&limit={PageSize.ToString(CultureInfo.InvariantCulture)}";

    // List answers: { results_total, next_link, records: [...] }.
    public const string Records = "records";
    public const string ResultsTotal = "results_total";

    // User and group fields.
    public const string Id = "id";
    public const string LoginName = "loginName";
    public const string Name = "name";

    // Entitlement entries: { service: { serviceName, ... }, roles, scope } (admin), or the service itself (service).
    public const string Service = "service";
    public const string ServiceName = "serviceName";

    /// <summary>Guess: the serviceName of ZIA in an entitlement (the SDK shows the field, not its values).</summary>
    public static bool IsZia(string? serviceName) =>
        serviceName is not null && (serviceName.Equals("ZIA", StringComparison.OrdinalIgnoreCase) ||
                                    serviceName.IndexOf("Internet Access", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>ZIdentity's hosts: &lt;vanity&gt;.zslogin.net, and the beta zsloginbeta.net.</summary>
    public static bool IsZIdentityHost(string host) =>
        host.EndsWith(".zslogin.net", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".zsloginbeta.net", StringComparison.OrdinalIgnoreCase);

    // Groups ZIdentity manages itself, as its SCIM server lists them (zidentity/scim-api-examples). Guess: the SCIM
    // resource carries no flag, so the names tell; the ZIdentity API's isDynamicGroup is authoritative when read.
    private static readonly string[] ManagedGroupNames = { "Zscaler Global Administrators", "Zscaler Registered Domains" };

    public static bool IsManagedGroupName(string? displayName) =>
        displayName is not null &&
        (displayName.StartsWith("Dynamic Group ", StringComparison.OrdinalIgnoreCase) ||
         ManagedGroupNames.Any(n => n.Equals(displayName, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Where an admin sets SCIM up on such a tenant (zidentity/adding-saml-identity-providers).</summary>
    public const string PortalPath = "ZIdentity Admin Portal > Integration > External Identities > (the primary or a secondary identity provider) > Provisioning";
}
