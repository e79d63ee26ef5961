using System;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>How a wanted value is compared with the server's.</summary>
internal enum CompareRule
{
    Exact,

    /// <summary>Zscaler matches mail without case.</summary>
    IgnoreCase,

    /// <summary>The userName rule (UserNameComparer: case and Unicode form ignored): a name the same by it is never a rename.</summary>
    UserName,
}

/// <summary>
/// One managed text attribute of a SCIM user: its name (in change reports and -AttributeMap), its PATCH path, the input
/// properties it is read from (in order; PowerShell ignores their case), how it is compared, and whether ZIA's server keeps
/// it. An attribute ZIA does not keep is compared only when the server answers with a value, so that a server that drops
/// it is not patched again on every run.
/// </summary>
internal sealed class UserAttribute
{
    public UserAttribute(string name, string patchPath, string[] sources, CompareRule compare, bool ziaKeeps, Func<UserFields, string?> get, Action<UserFields, string?> set)
    {
        Name = name;
        PatchPath = patchPath;
        Sources = sources;
        Compare = compare;
        ZiaKeeps = ziaKeeps;
        Get = get;
        Set = set;
    }

    public string Name { get; }

    public string PatchPath { get; }

    public string[] Sources { get; }

    public CompareRule Compare { get; }

    /// <summary>Whether two values of this attribute are the same, by its compare rule.</summary>
    public bool Same(string? a, string? b) => Compare switch
    {
        CompareRule.UserName => UserNameComparer.Same(a, b),
        CompareRule.IgnoreCase => string.Equals(a, b, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(a, b, StringComparison.Ordinal),
    };

    public bool ZiaKeeps { get; }

    public Func<UserFields, string?> Get { get; }

    public Action<UserFields, string?> Set { get; }
}

/// <summary>The one table of the user attributes this module manages: the sync, the user cmdlets and the input mapping read it.</summary>
internal static class UserAttributes
{
    public static readonly UserAttribute UserName = new("userName", "userName", new[] { "userName", "UserPrincipalName" }, CompareRule.UserName, true, u => u.UserName, (u, v) => u.UserName = v);
    public static readonly UserAttribute ExternalId = new("externalId", "externalId", new[] { "externalId", "ObjectGUID", "Id" }, CompareRule.Exact, true, u => u.ExternalId, (u, v) => u.ExternalId = v);
    public static readonly UserAttribute DisplayName = new("displayName", "displayName", new[] { "displayName" }, CompareRule.Exact, true, u => u.DisplayName, (u, v) => u.DisplayName = v);
    public static readonly UserAttribute GivenName = new("givenName", "name.givenName", new[] { "givenName" }, CompareRule.Exact, true, u => u.GivenName, (u, v) => u.GivenName = v);
    public static readonly UserAttribute FamilyName = new("familyName", "name.familyName", new[] { "familyName", "Surname", "sn" }, CompareRule.Exact, true, u => u.FamilyName, (u, v) => u.FamilyName = v);
    public static readonly UserAttribute Email = new("email", "emails", new[] { "email", "EmailAddress", "mail" }, CompareRule.IgnoreCase, true, u => u.Email, (u, v) => u.Email = v);
    public static readonly UserAttribute Department = new("department", ScimWire.EnterpriseUser + ":department", new[] { "department" }, CompareRule.Exact, true, u => u.Department, (u, v) => u.Department = v);

    /// <summary>Sent, but ZIA's SCIM server does not keep it (it is not among the attributes Zscaler documents).</summary>
    public static readonly UserAttribute Title = new("title", "title", new[] { "title", "JobTitle" }, CompareRule.Exact, false, u => u.Title, (u, v) => u.Title = v);

    /// <summary>The text attributes, in the order of a change report and of a PATCH.</summary>
    public static readonly UserAttribute[] Text = { UserName, ExternalId, DisplayName, GivenName, FamilyName, Email, Department, Title };

    /// <summary>active, a boolean (false disables): the input properties it is read from.</summary>
    public const string Active = "active";

    public static readonly string[] ActiveSources = { "active", "Enabled", "AccountEnabled" };
}
