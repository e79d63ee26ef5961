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

    /// <summary>
    /// The server's groups as id, names and member ids (one string per user, shared by all its groups). With
    /// <paramref name="names"/> (the userNames the input's members give), the users the diff needs: those names, and
    /// the members the groups hold now (to name the ones removed); every other user is read past, not kept.
    /// </summary>
    public static async Task<GroupSnapshot> GroupsAsync(ScimConnection connection, ICollection<string>? names, OperationLog log, CancellationToken cancel)
    {
        GroupSnapshot snapshot = new();
        // One string per member id: a user in many groups is held once.
        Dictionary<string, string> ids = new(StringComparer.Ordinal);
        await ScimClient.ListAsync(connection, ScimWire.Groups, null, null, item =>
        {
            ScimGroup g = ScimResources.Group(item, connection);
            string[] members = new string[g.MemberIds.Count];
            for (int i = 0; i < members.Length; i++)
            {
                string id = g.MemberIds[i];
                members[i] = ids.TryGetValue(id, out string? same) ? same : ids[id] = id;
            }
            snapshot.Groups.Add(new ServerGroup { Id = g.Id, DisplayName = g.DisplayName, ExternalId = g.ExternalId, MemberIds = members });
        }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        if (names is not null)
        {
            await ScimClient.ListAsync(connection, ScimWire.Users, null, null, item =>
            {
                string id = ScimResources.Id(item), userName = ScimResources.UserName(item);
                bool member = ids.TryGetValue(id, out string? same);
                if (member || names.Contains(userName))
                {
                    id = same ?? id;
                    snapshot.UserIdsByName[userName] = id;
                    snapshot.UserNamesById[id] = userName;
                }
            }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        }
        return snapshot;
    }
}
