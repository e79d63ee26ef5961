using System.Security.Cryptography;
using ZscalerScim.Emulator.Scim;

namespace ZscalerScim.Emulator.ZIdentity;

/// <summary>
/// How the organization runs identity (help.zscaler.com/zidentity/about-external-identity-providers): classic ZIA,
/// ZIdentity for admins, or ZIdentity for admins and users.
/// </summary>
public enum TenantMode
{
    Classic,
    ZIdentityAdmins,
    ZIdentityAdminsAndUsers,
}

/// <summary>
/// The organization's ZIdentity side: its mode, its SCIM server's tenant id and bearer token (what the admin copies
/// from Integration > External Identities > Provisioning), its directory (users SCIM provisioned into ZIdentity,
/// and the dynamic groups ZIdentity manages itself) and the users' service and admin entitlements.
/// </summary>
public sealed class ZIdentityTenant
{
    private const string LowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The groups ZIdentity lists and manages itself (help.zscaler.com/zidentity/scim-api-examples).</summary>
    public static readonly string[] DynamicGroups = ["Dynamic Group Registered Domains", "Dynamic Group Administrators", "Zscaler Global Administrators"];

    private readonly Lock _gate = new();
    private readonly HashSet<string> _ziaEntitled = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _ziaAdmins = new(StringComparer.OrdinalIgnoreCase);
    private TenantMode _mode = TenantMode.Classic;
    private string _token = RandomNumberGenerator.GetString(Alphanumeric, 40);

    public ZIdentityTenant()
    {
        Directory = new ScimDirectory(NewId);
        foreach (var name in DynamicGroups)
        {
            Directory.CreateManagedGroup(name);
        }
    }

    /// <summary>ZIdentity's ids: 13 lowercase letters and digits (<c>ihgkrqp5tg7o5</c>).</summary>
    public static string NewId() => RandomNumberGenerator.GetString(LowerAlphanumeric, 13);

    /// <summary>The SCIM tenant id in <c>/scim/&lt;id&gt;</c>.</summary>
    public string ScimTenantId { get; } = NewId();

    public ScimDirectory Directory { get; }

    public TenantMode Mode
    {
        get { lock (_gate) { return _mode; } }
        set { lock (_gate) { _mode = value; } }
    }

    public bool IsZIdentity => Mode != TenantMode.Classic;

    /// <summary>ZIA's Identity Providers page "is not available if you're subscribed to the ZIdentity service" (zia/about-identity-providers).</summary>
    public bool IdpsInZIdentity => Mode == TenantMode.ZIdentityAdminsAndUsers;

    public string Token
    {
        get { lock (_gate) { return _token; } }
    }

    /// <summary>Generate Token in the ZIdentity Admin Portal: the old token stops working at once.</summary>
    public string GenerateToken()
    {
        lock (_gate)
        {
            return _token = RandomNumberGenerator.GetString(Alphanumeric, 40);
        }
    }

    public bool HasZiaService(string login)
    {
        lock (_gate) { return _ziaEntitled.Contains(login); }
    }

    public bool IsZiaAdmin(string login)
    {
        lock (_gate) { return _ziaAdmins.Contains(login); }
    }

    public void SetEntitlements(IEnumerable<string>? ziaService, IEnumerable<string>? ziaAdmins)
    {
        lock (_gate)
        {
            if (ziaService is not null)
            {
                _ziaEntitled.Clear();
                _ziaEntitled.UnionWith(ziaService);
            }
            if (ziaAdmins is not null)
            {
                _ziaAdmins.Clear();
                _ziaAdmins.UnionWith(ziaAdmins);
            }
        }
    }

    public (string[] ZiaService, string[] ZiaAdmins) Entitlements()
    {
        lock (_gate) { return ([.. _ziaEntitled], [.. _ziaAdmins]); }
    }
}
