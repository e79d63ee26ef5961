using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>The server's groups and, where membership is managed, its users by name and id: read once, paged.</summary>
internal sealed class GroupSnapshot
{
    public List<ServerGroup> Groups { get; } = new();

    public Dictionary<string, string> UserIdsByName { get; } = new(UserNameComparer.Instance);

    public Dictionary<string, string> UserNamesById { get; } = new(StringComparer.Ordinal);
}

/// <summary>What a sync plans from: the server's users or groups, read once before anything is written.</summary>
internal static class ServerSnapshot
{
    /// <summary>The server's users as their id and managed attributes only, packed; each page's JSON is dropped as soon as it is read.</summary>
    public static async Task<ServerUsers> UsersAsync(ScimConnection connection, OperationLog log, CancellationToken cancel)
    {
        ServerUsers users = new();
        // A server that ignores startIndex sends the same page again: the table keeps each id once.
        await ScimClient.ListAsync(connection, ScimWire.Users, null, null, ScimResources.ReadUser, user => users.Add(user.Id, user.Fields),
            int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        return users;
    }

    public static async Task<GroupSnapshot> GroupsAsync(ScimConnection connection, bool withUsers, OperationLog log, CancellationToken cancel)
    {
        GroupSnapshot snapshot = new();
        await ScimClient.ListAsync(connection, ScimWire.Groups, null, null, item =>
        {
            ScimGroup g = ScimResources.Group(item, connection);
            snapshot.Groups.Add(new ServerGroup { Id = g.Id, DisplayName = g.DisplayName, ExternalId = g.ExternalId, MemberIds = new HashSet<string>(g.MemberIds) });
        }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        if (withUsers)
        {
            await ScimClient.ListAsync(connection, ScimWire.Users, null, null, item =>
            {
                ScimUser user = ScimResources.User(item, connection);
                snapshot.UserIdsByName[user.UserName] = user.Id;
                snapshot.UserNamesById[user.Id] = user.UserName;
            }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        }
        return snapshot;
    }
}
