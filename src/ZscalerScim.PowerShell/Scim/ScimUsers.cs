using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>Finding users by object, userName or id.</summary>
internal static class ScimUsers
{
    public static async Task<ScimUser> FindAsync(ScimConnection connection, ScimUser? user, string? userName, string? id, OperationLog log, CancellationToken cancel)
    {
        if (user is not null)
        {
            return user;
        }
        if (id is not null)
        {
            try
            {
                return ScimResources.User(await ScimClient.GetAsync(connection, ScimWire.Users, id, log, cancel).ConfigureAwait(false), connection);
            }
            catch (ZiaException ex) when (ex.StatusCode == 404)
            {
                throw NotFound($"id {id}", id);
            }
        }
        JObject? found = await ScimClient.FindOneAsync(connection, ScimWire.Users, ScimWire.Eq("userName", userName!), log, cancel).ConfigureAwait(false);
        // Trust the answer only if it is the user asked for: a server that ignores the filter returns its first user.
        return found is not null && string.Equals((string?)found["userName"], userName, System.StringComparison.OrdinalIgnoreCase)
            ? ScimResources.User(found, connection)
            : throw NotFound($"'{userName}'", userName!);
    }

    public static ZiaException NotFound(string what, object target) => new("ScimUserNotFound", ErrorCategory.ObjectNotFound,
        $"The SCIM server has no user {what}. List users with Get-ZiaScimUser.", target);

    /// <summary>The SCIM filter for one lookup: an id, an externalId, an exact userName, or a raw filter; null lists everyone.</summary>
    public static string? Filter(string? id, string? externalId, string? userName, string? rawFilter) =>
        id is not null ? ScimWire.Eq("id", id)
        : externalId is not null ? ScimWire.Eq("externalId", externalId)
        : rawFilter ?? (userName is null ? null : ScimWire.Eq("userName", userName));

    /// <summary>Users page by page, each handed on as it arrives; returns how many the server sent.</summary>
    public static Task<int> ListAsync(ScimConnection connection, string? filter, Action<ScimUser> onUser, int max, OperationLog log, CancellationToken cancel) =>
        ScimClient.ListAsync(connection, ScimWire.Users, filter, null, item => onUser(ScimResources.User(item, connection)), max, log, cancel);

    public static async Task<ScimUser> CreateAsync(ScimConnection connection, UserFields fields, OperationLog log, CancellationToken cancel) =>
        ScimResources.User(await ScimClient.CreateAsync(connection, ScimWire.Users, fields.ToResource(), log, cancel).ConfigureAwait(false), connection);

    /// <summary>One PATCH of exactly the managed attributes in <paramref name="changes"/>; the server's user when asked for and sent.</summary>
    public static async Task<ScimUser?> PatchAsync(ScimConnection connection, ScimUser user, UserFields changes, bool wantResult, OperationLog log, CancellationToken cancel)
    {
        JObject? result = await ScimClient.PatchAsync(connection, ScimWire.Users, user.Id, changes.ToPatch(), wantResult, log, cancel).ConfigureAwait(false);
        return result is null ? null : ScimResources.User(result, connection);
    }

    public static Task DeleteAsync(ScimConnection connection, ScimUser user, OperationLog log, CancellationToken cancel) =>
        ScimClient.DeleteAsync(connection, ScimWire.Users, user.Id, log, cancel);
}
