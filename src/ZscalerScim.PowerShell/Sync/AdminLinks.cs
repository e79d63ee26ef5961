using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Zia;

namespace ZscalerScim.Sync;

/// <summary>
/// Logins that a SCIM disable or delete must not touch: Zscaler links a user to an admin account by login name,
/// and disabling the user disables the admin. Fed from ZIA's GET /adminUsers; other sources (ZIdentity admin
/// entitlements) can add theirs. Null where a run could not check (no ZIA session).
/// </summary>
internal sealed class AdminLinks
{
    // Logins are matched as userNames are (Internal/UserNameComparer): ZIA links a user and an admin by that name.
    private readonly Dictionary<string, string> _admins = new(UserNameComparer.Instance);

    public int Count => _admins.Count;

    /// <summary>Reads the admin accounts once (GET /adminUsers, paged); null with a warning when ZIA refuses.</summary>
    public static async Task<AdminLinks?> ReadAsync(ZiaSession zia, bool includeAdmins, OperationLog log, CancellationToken cancel)
    {
        try
        {
            var accounts = await AdminUsers.AllAsync(zia, log, cancel).ConfigureAwait(false);
            AdminLinks admins = new();
            foreach (ZiaAdminAccount admin in accounts)
            {
                admins.Add(admin.LoginName, admin.ToString());
            }
            log.Verbose($"Read {accounts.Count} ZIA admin account(s): their linked SCIM users are {(includeAdmins ? "not protected (-IncludeAdminAccounts)" : "never disabled or deleted")}.");
            return admins;
        }
        catch (ZiaException ex) when (!cancel.IsCancellationRequested)
        {
            string why = ex.StatusCode is 401 or 403 ? $"ZIA refused to list them ({ex.Message}); the API role needs Administrators access" : $"reading them failed ({ex.Message})";
            log.Add(c => c.WriteWarning(NotChecked(why)));
            return null;
        }
    }

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

    /// <summary>
    /// Why a rename is refused, or null: Zscaler keeps the link by login name, so renaming a user onto an admin's login
    /// hands that admin to it (and disables the admin when the user is disabled), and renaming an admin's user changes the admin.
    /// </summary>
    public string? RefuseRename(string? from, string to)
    {
        if (Find(to) is { } target)
        {
            return $"Not renamed: '{to}' is the login of the {target}, and renaming a SCIM user onto it links that user to the admin (ZIA disables the admin when the user is disabled). Nothing was changed for this user. " +
                "If the admin's login should move to this user, change or convert the admin in ZIA first (Administration > Administrator Management).";
        }
        if (from is not null && Find(from) is { } linked)
        {
            return $"Not renamed to '{to}': this SCIM user is linked to the {linked}, and renaming it changes that admin's login in ZIA. Nothing was changed for this user. " +
                "Change the admin's login in ZIA first (Administration > Administrator Management), then sync again.";
        }
        return null;
    }

    /// <summary>The result of a delete that ZIA refused with 409 because the user is linked to an admin.</summary>
    public static string RefusedDelete(string userName, string detail) =>
        $"ZIA refused to delete '{userName}' ({detail}): this SCIM user is linked to a ZIA admin account with the same login, and the tenant keeps admins when SCIM deletes their user. " +
        "Nothing was deleted. Remove or convert the admin in ZIA first (Administration > Administrator Management), or set 'Admin Account Action When SCIM Deletes Linked User Account' to Delete.";

    public static bool IsAdminRefusal(int? status, string detail) =>
        status == 409 && detail.IndexOf("admin", StringComparison.OrdinalIgnoreCase) >= 0;

    public static readonly string NotCheckedWarning = NotChecked("there is no ZIA session");

    /// <summary>What a run or command that could not read the admin accounts warns, with why.</summary>
    public static string NotChecked(string why) =>
        $"ZIA admin accounts were not checked: {why}, so a SCIM user linked to a ZIA admin (same login) may be disabled, deleted or renamed, and Zscaler then disables or changes that admin account too. " +
        "Run Connect-Zia (an API role with Administrators access) in this session first, so that those users are kept.";
}
