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
        string Shared(string id) => ids.TryGetValue(id, out string? same) ? same : ids[id] = id;
        // Each page read as it streams in: no JSON tree of 1,000 groups and their members.
        // A server that ignores startIndex sends the same page again: each group and user is taken once.
        HashSet<string> seen = new(StringComparer.Ordinal);
        await ScimClient.ListAsync(connection, ScimWire.Groups, null, null, reader => ScimResources.ReadGroup(reader, Shared), g =>
        {
            if (g.Id.Length > 0 && !seen.Add(g.Id))
            {
                return false;
            }
            ZIdentityGroups.Recognise(connection, g.Id, g.DisplayName);
            snapshot.Groups.Add(new ServerGroup { Id = g.Id, DisplayName = g.DisplayName, ExternalId = g.ExternalId, MemberIds = g.MemberIds });
            return true;
        }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        if (names is not null)
        {
            seen.Clear();
            await ScimClient.ListAsync(connection, ScimWire.Users, null, null, ScimResources.ReadUser, user =>
            {
                string id = user.Id, userName = user.Fields.UserName ?? string.Empty;
                if (id.Length > 0 && !seen.Add(id))
                {
                    return false;
                }
                bool member = ids.TryGetValue(id, out string? same);
                if (member || names.Contains(userName))
                {
                    id = same ?? id;
                    snapshot.UserIdsByName[userName] = id;
                    snapshot.UserNamesById[id] = userName;
                }
                return true;
            }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
        }
        return snapshot;
    }
}
