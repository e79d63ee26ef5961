using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>An admin account: its login (a user's userName) and display name.</summary>
internal sealed class ZiaAdminAccount
{
    public ZiaAdminAccount(long id, string loginName, string? name, bool disabled)
    {
        Id = id;
        LoginName = loginName;
        Name = name;
        Disabled = disabled;
    }

    public long Id { get; }

    public string LoginName { get; }

    public string? Name { get; }

    public bool Disabled { get; }

    public override string ToString() => Name is { Length: > 0 } n && !n.Equals(LoginName, StringComparison.OrdinalIgnoreCase) ? $"ZIA admin '{LoginName}' ({n})" : $"ZIA admin '{LoginName}'";
}

/// <summary>GET /adminUsers, every page (needs an API role with Administrators access).</summary>
internal static class AdminUsers
{
    private const int PageSize = 1000;

    public static async Task<List<ZiaAdminAccount>> AllAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        List<ZiaAdminAccount> admins = new();
        for (int page = 1; ; page++)
        {
            string path = $"{ZiaWire.AdminUsersPath}?{ZiaWire.Page}={page.ToString(CultureInfo.InvariantCulture)}&{ZiaWire.PageSize}={PageSize.ToString(CultureInfo.InvariantCulture)}";
            JArray items = await session.GetAsync(path, log, cancel).ConfigureAwait(false) as JArray ?? new JArray();
            admins.AddRange(items.OfType<JObject>()
                .Where(a => !string.IsNullOrWhiteSpace((string?)a[ZiaWire.AdminLoginName]))
                .Select(a => new ZiaAdminAccount((long?)a[ZiaWire.AdminId] ?? 0, ((string)a[ZiaWire.AdminLoginName]!).Trim(), (string?)a[ZiaWire.AdminDisplayName], (bool?)a[ZiaWire.AdminDisabled] ?? false)));
            // A short page is the last; ZIA gives no total.
            if (items.Count < PageSize)
            {
                return admins;
            }
        }
    }
}
