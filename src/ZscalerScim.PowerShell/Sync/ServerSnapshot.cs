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
    /// <summary>
    /// The server's users as their id and managed attributes only. Where a value is the same text as the input's
    /// user of that name (most of a re-sync), the input's string is kept instead of a second copy.
    /// </summary>
    public static async Task<List<(string Id, UserFields Current)>> UsersAsync(ScimConnection connection, IReadOnlyList<InputUser> input, OperationLog log, CancellationToken cancel)
    {
        Dictionary<string, UserFields> wanted = new(input.Count, UserNameComparer.Instance);
        foreach (InputUser row in input)
        {
            if (!string.IsNullOrEmpty(row.Fields.UserName))
            {
                wanted[row.Fields.UserName!] = row.Fields;
            }
        }
        // Each page's JSON is dropped as soon as it is read.
        List<(string Id, UserFields Current)> users = new();
        await ScimClient.ListAsync(connection, ScimWire.Users, null, null, item =>
        {
            UserFields current = ScimResources.Fields(item);
            if (wanted.TryGetValue(current.UserName!, out UserFields? same))
            {
                current.ShareText(same);
            }
            users.Add((ScimResources.Id(item), current));
        }, int.MaxValue, log, cancel, whole: true).ConfigureAwait(false);
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
