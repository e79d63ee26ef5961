using System;
using System.Collections.Generic;

namespace ZscalerScim.Sync;

/// <summary>
/// Logins that a SCIM disable or delete must not touch: Zscaler links a user to an admin account by login name,
/// and disabling the user disables the admin. Fed from ZIA's GET /adminUsers; other sources (ZIdentity admin
/// entitlements) can add theirs. Null where a run could not check (no ZIA session).
/// </summary>
internal sealed class AdminLinks
{
    private readonly Dictionary<string, string> _admins = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _admins.Count;

    /// <param name="login">The admin's login name (a user's userName).</param>
    /// <param name="description">How results name it, e.g. "ZIA admin 'admin@acme.com' (Pat Admin)".</param>
    public void Add(string login, string description)
    {
        if (!string.IsNullOrWhiteSpace(login) && !_admins.ContainsKey(login.Trim()))
        {
            _admins[login.Trim()] = description;
        }
    }

    public string? Find(string userName) => _admins.TryGetValue(userName.Trim(), out string? admin) ? admin : null;

    /// <summary>Why a disable or delete of this user is kept back, or null when it is not linked.</summary>
    public RuleBreak? Keep(string userName, bool delete)
    {
        if (Find(userName) is not { } admin)
        {
            return null;
        }
        return new RuleBreak("linked to a ZIA admin account: kept; pass -IncludeAdminAccounts to change it anyway",
            $"Kept: this SCIM user is linked to the {admin}; {(delete ? "deleting it is refused by ZIA (or deletes the admin too, by the tenant's advanced settings)" : "disabling it would disable that admin account too, which could then not sign in")}. " +
            $"Change the admin in ZIA first (Administration > Administrator Management), or pass -IncludeAdminAccounts to {(delete ? "delete" : "disable")} it anyway.");
    }

    /// <summary>The result of a delete that ZIA refused with 409 because the user is linked to an admin.</summary>
    public static string RefusedDelete(string userName, string detail) =>
        $"ZIA refused to delete '{userName}' ({detail}): this SCIM user is linked to a ZIA admin account with the same login, and the tenant keeps admins when SCIM deletes their user. " +
        "Nothing was deleted. Remove or convert the admin in ZIA first (Administration > Administrator Management), or set 'Admin Account Action When SCIM Deletes Linked User Account' to Delete.";

    public static bool IsAdminRefusal(int? status, string detail) =>
        status == 409 && detail.IndexOf("admin", StringComparison.OrdinalIgnoreCase) >= 0;

    public const string NotCheckedWarning =
        "ZIA admin accounts were not checked: there is no ZIA session, so a SCIM user linked to a ZIA admin (same login) may be disabled or deleted, and Zscaler then disables that admin account too. " +
        "Run Connect-Zia (an API role with Administrators access) in this session before the sync, so that those users are kept.";
}
