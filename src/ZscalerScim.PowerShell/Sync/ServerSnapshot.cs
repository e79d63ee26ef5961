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

    public Dictionary<string, string> UserIdsByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> UserNamesById { get; } = new(StringComparer.Ordinal);
}

/// <summary>What a sync plans from: the server's users or groups, read once before anything is written.</summary>
internal static class ServerSnapshot
{
    public static async Task<List<(string Id, UserFields Current)>> UsersAsync(ScimConnection connection, OperationLog log, CancellationToken cancel)
    {
        List<(string Id, UserFields Current)> users = new();
        await ScimClient.ListAsync(connection, ScimWire.Users, null, null,
            item => users.Add(((string?)item["id"] ?? string.Empty, UserFields.FromUser(ScimResources.User(item, connection)))), int.MaxValue, log, cancel).ConfigureAwait(false);
        return users;
    }

    public static async Task<GroupSnapshot> GroupsAsync(ScimConnection connection, bool withUsers, OperationLog log, CancellationToken cancel)
    {
        GroupSnapshot snapshot = new();
        await ScimClient.ListAsync(connection, ScimWire.Groups, null, null, item =>
        {
            ScimGroup g = ScimResources.Group(item, connection);
            snapshot.Groups.Add(new ServerGroup { Id = g.Id, DisplayName = g.DisplayName, ExternalId = g.ExternalId, MemberIds = new HashSet<string>(g.MemberIds) });
        }, int.MaxValue, log, cancel).ConfigureAwait(false);
        if (withUsers)
        {
            await ScimClient.ListAsync(connection, ScimWire.Users, null, null, item =>
            {
                ScimUser user = ScimResources.User(item, connection);
                snapshot.UserIdsByName[user.UserName] = user.Id;
                snapshot.UserNamesById[user.Id] = user.UserName;
            }, int.MaxValue, log, cancel).ConfigureAwait(false);
        }
        return snapshot;
    }
}
