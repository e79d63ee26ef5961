using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>Finding groups and members by object, name or id.</summary>
internal static class ScimGroups
{
    /// <summary>A group by its displayName, or else by id.</summary>
    public static async Task<ScimGroup> FindAsync(ScimConnection connection, string text, OperationLog log, CancellationToken cancel)
    {
        JObject? found = await ScimClient.FindOneAsync(connection, ScimWire.Groups, ScimWire.Eq("displayName", text), log, cancel).ConfigureAwait(false);
        if (found is not null && !string.Equals((string?)found["displayName"], text, System.StringComparison.OrdinalIgnoreCase))
        {
            found = null;
        }
        if (found is null)
        {
            // A name that cannot be an id ("..", "a/b") is not looked up as one: it would reach the collection.
            if (!ScimClient.IsResourceId(text))
            {
                throw NotFound(text);
            }
            try
            {
                found = await ScimClient.GetAsync(connection, ScimWire.Groups, text, log, cancel).ConfigureAwait(false);
            }
            catch (ZiaException ex) when (ex.StatusCode == 404 || ex.StatusCode == 400)
            {
                throw NotFound(text);
            }
        }
        return ScimResources.Group(found, connection);
    }

    private static ZiaException NotFound(string text) => new("ScimGroupNotFound", ErrorCategory.ObjectNotFound,
        $"The SCIM server has no group named or with id '{text}'. List groups with Get-ZiaScimGroup.", text);

    /// <summary>A member's id from a userName (it has an @) or an id, checked so that a typo is not sent as a member.</summary>
    public static async Task<string> MemberIdAsync(ScimConnection connection, string text, OperationLog log, CancellationToken cancel) =>
        (await MemberAsync(connection, text, log, cancel).ConfigureAwait(false)).Id;

    /// <summary>A member by userName (with an @) or id, with its groups.</summary>
    public static Task<ScimUser> MemberAsync(ScimConnection connection, string text, OperationLog log, CancellationToken cancel) =>
        text.IndexOf('@') >= 0
            ? ScimUsers.FindAsync(connection, null, text, null, log, cancel)
            : ScimUsers.FindAsync(connection, null, null, text, log, cancel);

    private static JArray AddMembers(IEnumerable<string> ids)
    {
        JArray values = new();
        foreach (string id in ids)
        {
            values.Add(new JObject { ["value"] = id });
        }
        return new JArray(ScimClient.Op("add", "members", values));
    }

    private static JArray RemoveMembers(IEnumerable<string> ids)
    {
        JArray ops = new();
        foreach (string id in ids)
        {
            ops.Add(ScimClient.Op("remove", $"members[value eq {ScimWire.Quote(id)}]", null));
        }
        return ops;
    }

    /// <summary>The SCIM filter for one lookup: an id or an exact displayName; null lists every group.</summary>
    public static string? Filter(string? id, string? displayName) =>
        id is not null ? ScimWire.Eq("id", id) : displayName is null ? null : ScimWire.Eq("displayName", displayName);

    /// <summary>Groups page by page, each handed on as it arrives, until <paramref name="enough"/>; returns how many the server sent.</summary>
    public static Task<int> ListAsync(ScimConnection connection, string? filter, System.Action<ScimGroup> onGroup, int max, OperationLog log, CancellationToken cancel, System.Func<bool>? enough = null) =>
        ScimClient.ListAsync(connection, ScimWire.Groups, filter, null, item => onGroup(ScimResources.Group(item, connection)), max, log, cancel, enough: enough);

    /// <summary>The group as the server holds it now (its members current).</summary>
    public static async Task<ScimGroup> GetAsync(ScimConnection connection, ScimGroup group, OperationLog log, CancellationToken cancel) =>
        ScimResources.Group(await ScimClient.GetAsync(connection, ScimWire.Groups, group.Id, log, cancel).ConfigureAwait(false), connection);

    public static async Task<ScimGroup> CreateAsync(ScimConnection connection, string displayName, string? externalId, IEnumerable<string> memberIds, OperationLog log, CancellationToken cancel)
    {
        JArray members = new();
        foreach (string id in memberIds)
        {
            members.Add(new JObject { ["value"] = id });
        }
        JObject body = new() { ["schemas"] = new JArray(ScimWire.GroupSchema), ["displayName"] = displayName, ["members"] = members };
        if (!string.IsNullOrEmpty(externalId))
        {
            body["externalId"] = externalId;
        }
        return ScimResources.Group(await ScimClient.CreateAsync(connection, ScimWire.Groups, body, log, cancel).ConfigureAwait(false), connection);
    }

    /// <summary>One PATCH that adds and removes members by id (Zscaler answers 204).</summary>
    public static Task ChangeMembersAsync(ScimConnection connection, string groupId, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove, OperationLog log, CancellationToken cancel)
    {
        JArray ops = add.Count > 0 ? AddMembers(add) : new JArray();
        foreach (JToken op in RemoveMembers(remove))
        {
            ops.Add(op);
        }
        return ZIdentityGroups.WriteAsync(connection, groupId, "change the members of", () => ScimClient.PatchAsync(connection, ScimWire.Groups, groupId, ops, false, log, cancel));
    }

    public static Task DeleteAsync(ScimConnection connection, string groupId, OperationLog log, CancellationToken cancel) =>
        ZIdentityGroups.WriteAsync(connection, groupId, "delete", () => ScimClient.DeleteAsync(connection, ScimWire.Groups, groupId, log, cancel));
}
