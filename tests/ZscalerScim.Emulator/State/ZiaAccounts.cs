using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

/// <summary>
/// The organization's accounts outside SCIM: its admins (<c>GET /adminUsers</c>), seeded with the admin that
/// signs in, and users that live elsewhere (hosted database, SAML auto-provisioning, another IdP). Zscaler links
/// an admin and a user by login name, so a SCIM user whose userName is an admin's login is that admin's user:
/// disabling it disables the admin (who can then not sign in); deleting it answers 409 unless the tenant's
/// "Admin Account Action When SCIM Deletes Linked User Account" is Delete.
/// </summary>
public sealed class ZiaAccounts
{
    public const string DeleteActionNone = "NONE";
    public const string DeleteActionDelete = "DELETE";

    private readonly Lock _gate = new();
    private readonly List<Admin> _admins = [];
    private readonly Dictionary<string, JsonObject> _others = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId = 9100;
    private string _deleteAction = DeleteActionNone;

    public ZiaAccounts(string signInLogin) => _admins.Add(new Admin(_nextId++, signInLogin, "Pat Admin", signInLogin));

    private sealed class Admin(long id, string loginName, string userName, string email)
    {
        public long Id { get; } = id;
        public string LoginName { get; set; } = loginName;
        public string UserName { get; } = userName;
        public string Email { get; } = email;
        public bool Disabled { get; set; }

        public JsonObject ToJson() => new()
        {
            ["id"] = Id,
            ["loginName"] = LoginName,
            ["userName"] = UserName,
            ["email"] = Email,
            ["role"] = new JsonObject { ["id"] = 1, ["name"] = "Super Admin" },
            ["adminScopeType"] = "ORGANIZATION",
            ["disabled"] = Disabled,
            ["isNonEditable"] = false,
        };
    }

    /// <summary><c>GET /adminUsers?page=&amp;pageSize=</c>: page from 1, pageSize 100 by default, at most 1000.</summary>
    public JsonArray AdminPage(int page, int pageSize)
    {
        lock (_gate)
        {
            return [.. _admins.Skip((page - 1) * pageSize).Take(pageSize).Select(a => (JsonNode)a.ToJson())];
        }
    }

    /// <summary><c>GET /users?search=</c>: admins (adminUser true) and the users outside SCIM whose name or email contains the text.</summary>
    public JsonArray SearchUsers(string? search, int page, int pageSize)
    {
        lock (_gate)
        {
            IEnumerable<JsonObject> all = _admins.Select(a => new JsonObject
            {
                ["id"] = a.Id, ["name"] = a.UserName, ["email"] = a.LoginName, ["adminUser"] = true,
                ["department"] = new JsonObject { ["id"] = 1, ["name"] = "IT" }, ["type"] = "SUPERADMIN",
            }).Concat(_others.Values.Select(u => (JsonObject)u.DeepClone()));
            if (!string.IsNullOrEmpty(search))
            {
                all = all.Where(u => Contains(u["name"], search) || Contains(u["email"], search));
            }
            return [.. all.Skip((page - 1) * pageSize).Take(pageSize)];
        }
    }

    private static bool Contains(JsonNode? value, string search) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase);

    public bool IsDisabledAdmin(string login)
    {
        lock (_gate)
        {
            return _admins.Any(a => a.Disabled && a.LoginName.Equals(login, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>A user of the organization that no SCIM endpoint provisioned (an admin's login is linked instead).</summary>
    public bool HoldsOutsideScim(string userName)
    {
        lock (_gate)
        {
            return _others.ContainsKey(userName);
        }
    }

    /// <summary>A SCIM user was renamed: its linked admin's login follows (an admin already on the new login keeps its own).</summary>
    public void ScimUserRenamed(string oldName, string newName)
    {
        lock (_gate)
        {
            if (_admins.Any(a => a.LoginName.Equals(newName, StringComparison.OrdinalIgnoreCase) && !a.LoginName.Equals(oldName, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }
            foreach (var admin in _admins.Where(a => a.LoginName.Equals(oldName, StringComparison.OrdinalIgnoreCase)))
            {
                admin.LoginName = newName;
            }
        }
    }

    /// <summary>A SCIM user was disabled: its linked admin is disabled too.</summary>
    public void ScimUserDisabled(string userName)
    {
        lock (_gate)
        {
            foreach (var admin in _admins.Where(a => a.LoginName.Equals(userName, StringComparison.OrdinalIgnoreCase)))
            {
                admin.Disabled = true;
            }
        }
    }

    /// <summary>Before a SCIM user is deleted: false (refuse with 409) when it is linked to an admin and the tenant keeps admins; with Delete, the admin goes too.</summary>
    public bool AllowScimDelete(string userName)
    {
        lock (_gate)
        {
            var linked = _admins.Where(a => a.LoginName.Equals(userName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (linked.Count == 0)
            {
                return true;
            }
            if (_deleteAction != DeleteActionDelete)
            {
                return false;
            }
            _admins.RemoveAll(linked.Contains);
            return true;
        }
    }

    // ---- control API ----

    public JsonObject Describe()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["admins"] = new JsonArray([.. _admins.Select(a => (JsonNode)a.ToJson())]),
                ["users"] = new JsonArray([.. _others.Values.Select(u => (JsonNode)u.DeepClone())]),
                ["scimDeleteAction"] = _deleteAction,
            };
        }
    }

    /// <summary><c>{"loginName","userName"}</c>: a new admin account (and its user).</summary>
    /// <exception cref="InvalidInputException">No loginName, or one already used.</exception>
    public JsonObject AddAdmin(JsonObject body)
    {
        var login = Text(body, "loginName") ?? throw new InvalidInputException("loginName is required");
        lock (_gate)
        {
            if (_admins.Any(a => a.LoginName.Equals(login, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidInputException($"An admin with loginName '{login}' already exists");
            }
            var admin = new Admin(_nextId++, login, Text(body, "userName") ?? login, Text(body, "email") ?? login);
            _admins.Add(admin);
            return admin.ToJson();
        }
    }

    /// <summary><c>{"name","email"}</c>: a user held outside SCIM (hosted DB, SAML auto-provisioning); email is its login.</summary>
    public JsonObject AddUser(JsonObject body)
    {
        var email = Text(body, "email") ?? throw new InvalidInputException("email (the login name) is required");
        lock (_gate)
        {
            var user = new JsonObject
            {
                ["id"] = _nextId++,
                ["name"] = Text(body, "name") ?? email,
                ["email"] = email,
                ["adminUser"] = false,
                ["department"] = new JsonObject { ["id"] = 2, ["name"] = Text(body, "department") ?? "General" },
                ["comments"] = Text(body, "comments") ?? "Hosted DB",
            };
            _others[email] = user;
            return (JsonObject)user.DeepClone();
        }
    }

    /// <summary><c>{"scimDeleteAction": "NONE" | "DELETE", "enableAdmins": true}</c>: fields left out stay as they are.</summary>
    public JsonObject UpdateSettings(JsonObject body)
    {
        var action = body.ContainsKey("scimDeleteAction") ? Text(body, "scimDeleteAction")?.ToUpperInvariant() : null;
        if (body.ContainsKey("scimDeleteAction") && action is not (DeleteActionNone or DeleteActionDelete))
        {
            throw new InvalidInputException("scimDeleteAction must be NONE or DELETE");
        }
        var enable = body["enableAdmins"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        lock (_gate)
        {
            _deleteAction = action ?? _deleteAction;
            if (enable)
            {
                _admins.ForEach(a => a.Disabled = false);
            }
        }
        return Describe();
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
