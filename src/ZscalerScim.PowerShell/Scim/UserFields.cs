using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>
/// The user attributes this module manages, each with its place in a SCIM resource and its PATCH path.
/// Null means "not managed here": left out of a create, never patched, never compared.
/// </summary>
internal sealed class UserFields
{
    public string? UserName { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Department { get; set; }

    public string? ExternalId { get; set; }

    public bool? Active { get; set; }

    private const string DepartmentPath = ScimWire.EnterpriseUser + ":department";

    /// <summary>A new user's resource (POST /Users).</summary>
    public JObject ToResource()
    {
        JObject user = new() { ["schemas"] = new JArray(ScimWire.UserSchema), ["userName"] = UserName };
        if (!string.IsNullOrEmpty(ExternalId))
        {
            user["externalId"] = ExternalId;
        }
        if (!string.IsNullOrEmpty(DisplayName))
        {
            user["displayName"] = DisplayName;
        }
        if (!string.IsNullOrEmpty(GivenName) || !string.IsNullOrEmpty(FamilyName))
        {
            JObject name = new();
            if (!string.IsNullOrEmpty(GivenName))
            {
                name["givenName"] = GivenName;
            }
            if (!string.IsNullOrEmpty(FamilyName))
            {
                name["familyName"] = FamilyName;
            }
            user["name"] = name;
        }
        if (!string.IsNullOrEmpty(Email))
        {
            user["emails"] = Emails(Email!);
        }
        if (!string.IsNullOrEmpty(Department))
        {
            ((JArray)user["schemas"]!).Add(ScimWire.EnterpriseUser);
            user[ScimWire.EnterpriseUser] = new JObject { ["department"] = Department };
        }
        user["active"] = Active ?? true;
        return user;
    }

    /// <summary>PATCH operations for exactly the managed attributes; an empty string removes the value.</summary>
    public JArray ToPatch()
    {
        JArray ops = new();
        void Set(string path, string? value, Func<string, JToken>? shape = null)
        {
            if (value is null)
            {
                return;
            }
            ops.Add(value.Length == 0 ? ScimClient.Op("remove", path, null) : ScimClient.Op("replace", path, shape?.Invoke(value) ?? value));
        }
        Set("userName", UserName);
        Set("externalId", ExternalId);
        Set("displayName", DisplayName);
        Set("name.givenName", GivenName);
        Set("name.familyName", FamilyName);
        Set("emails", Email, Emails);
        Set(DepartmentPath, Department);
        if (Active is { } active)
        {
            ops.Add(ScimClient.Op("replace", "active", active));
        }
        return ops;
    }

    /// <summary>What the server holds for a user, in the same shape.</summary>
    public static UserFields FromUser(ScimUser user) => new()
    {
        UserName = user.UserName,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        DisplayName = user.DisplayName,
        Email = user.Email,
        Department = user.Department,
        ExternalId = user.ExternalId,
        Active = user.Active,
    };

    /// <summary>The managed attributes that differ from the server's user: what a sync must change, described as "name: 'old' -> 'new'".</summary>
    public UserFields ChangesFrom(UserFields current, List<string> described)
    {
        UserFields changes = new();
        string? Compare(string name, string? wanted, string? have, bool ignoreCase = false)
        {
            if (wanted is null || string.Equals(wanted, have ?? string.Empty, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return null;
            }
            described.Add($"{name}: '{have}' -> '{wanted}'");
            return wanted;
        }
        // The same user by the rule (case, Unicode form) is the same name: never a rename.
        changes.UserName = UserNameComparer.Same(UserName, current.UserName) ? null : Compare("userName", UserName, current.UserName);
        changes.ExternalId = Compare("externalId", ExternalId, current.ExternalId);
        changes.DisplayName = Compare("displayName", DisplayName, current.DisplayName);
        changes.GivenName = Compare("givenName", GivenName, current.GivenName);
        changes.FamilyName = Compare("familyName", FamilyName, current.FamilyName);
        changes.Email = Compare("email", Email, current.Email, ignoreCase: true);
        changes.Department = Compare("department", Department, current.Department);
        if (Active is { } active && active != (current.Active ?? true))
        {
            described.Add($"active: {current.Active ?? true} -> {active}");
            changes.Active = active;
        }
        return changes;
    }

    /// <summary>Takes <paramref name="other"/>'s string for each value that is the same text, so that only one copy is held.</summary>
    public void ShareText(UserFields other)
    {
        static string? Same(string? mine, string? theirs) => string.Equals(mine, theirs, StringComparison.Ordinal) ? theirs : mine;
        UserName = Same(UserName, other.UserName);
        GivenName = Same(GivenName, other.GivenName);
        FamilyName = Same(FamilyName, other.FamilyName);
        DisplayName = Same(DisplayName, other.DisplayName);
        Email = Same(Email, other.Email);
        Department = Same(Department, other.Department);
        ExternalId = Same(ExternalId, other.ExternalId);
    }

    public UserFields Copy() => (UserFields)MemberwiseClone();

    public bool IsEmpty => UserName is null && GivenName is null && FamilyName is null && DisplayName is null &&
                           Email is null && Department is null && ExternalId is null && Active is null;

    private static JArray Emails(string email) => new(new JObject { ["value"] = email, ["type"] = "work", ["primary"] = true });
}
