using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

/// <summary>What -Group and -Member may be given (objects from Get-ZiaScimGroup/Get-ZiaScimUser, names, ids), turned into what the SCIM services take.</summary>
internal static class ScimInput
{
    private static object Unwrap(object value) => value is PSObject ps ? ps.BaseObject : value;

    /// <summary>A piped ScimGroup as it is; a displayName or an id looked up.</summary>
    public static Task<ScimGroup> GroupAsync(ScimConnection connection, object reference, OperationLog log, CancellationToken cancel) =>
        Unwrap(reference) is ScimGroup group
            ? Task.FromResult(group)
            : ScimGroups.FindAsync(connection, Unwrap(reference).ToString() ?? string.Empty, log, cancel);

    /// <summary>A member's id: from a ScimUser, or a userName or id looked up; a group is refused.</summary>
    public static Task<string> MemberIdAsync(ScimConnection connection, object reference, OperationLog log, CancellationToken cancel) => Unwrap(reference) switch
    {
        ScimUser user => Task.FromResult(user.Id),
        ScimGroup group => throw new ZiaException("ScimInvalidMember", ErrorCategory.InvalidArgument,
            $"'{group.DisplayName}' is a group; members are users. Give the group with -Group and pipe the users.", group),
        object other => ScimGroups.MemberIdAsync(connection, other.ToString() ?? string.Empty, log, cancel),
    };

    /// <summary>A member as a user with its groups: a piped ScimUser as it is (its groups as read), else looked up.</summary>
    public static Task<ScimUser> MemberAsync(ScimConnection connection, object reference, OperationLog log, CancellationToken cancel) => Unwrap(reference) switch
    {
        ScimUser user => Task.FromResult(user),
        ScimGroup group => throw new ZiaException("ScimInvalidMember", ErrorCategory.InvalidArgument,
            $"'{group.DisplayName}' is a group; members are users. Give the group with -Group and pipe the users.", group),
        object other => ScimGroups.MemberAsync(connection, other.ToString() ?? string.Empty, log, cancel),
    };

    /// <summary>
    /// A user given by name or id. A Zscaler userName is user@domain, so a value without an @ that reached -UserName
    /// (for example (Get-ZiaScimUser 'bob*').Id piped on) is an id.
    /// </summary>
    public static (string? UserName, string? Id) User(string? userName, string? id) =>
        id is null && userName is not null && userName.IndexOf('@') < 0 && !NamePattern.HasWildcard(userName)
            ? (null, userName)
            : (userName, id);
}
