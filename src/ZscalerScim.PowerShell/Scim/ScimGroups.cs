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
    /// <summary>A group from a ScimGroup, a displayName, or an id (tried in that order).</summary>
    public static async Task<ScimGroup> FindAsync(ScimConnection connection, object reference, OperationLog log, CancellationToken cancel)
    {
        object value = reference is PSObject ps ? ps.BaseObject : reference;
        if (value is ScimGroup group)
        {
            return group;
        }
        string text = value.ToString() ?? string.Empty;
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
        return new ScimGroup(found, connection);
    }

    private static ZiaException NotFound(string text) => new("ScimGroupNotFound", ErrorCategory.ObjectNotFound,
        $"The SCIM server has no group named or with id '{text}'. List groups with Get-ZiaScimGroup.", text);

    /// <summary>A member's id: from a ScimUser, a userName (it has an @), or an id as given.</summary>
    public static async Task<string> MemberIdAsync(ScimConnection connection, object reference, OperationLog log, CancellationToken cancel)
    {
        object value = reference is PSObject ps ? ps.BaseObject : reference;
        if (value is ScimUser user)
        {
            return user.Id;
        }
        if (value is ScimGroup group)
        {
            throw new ZiaException("ScimInvalidMember", ErrorCategory.InvalidArgument,
                $"'{group.DisplayName}' is a group; members are users. Give the group with -Group and pipe the users.", group);
        }
        string text = value.ToString() ?? string.Empty;
        // A userName has an @; anything else is an id, checked so that a typo is not sent as a member.
        return text.IndexOf('@') >= 0
            ? (await ScimUsers.FindAsync(connection, null, text, null, log, cancel).ConfigureAwait(false)).Id
            : (await ScimUsers.FindAsync(connection, null, null, text, log, cancel).ConfigureAwait(false)).Id;
    }

    public static JArray AddMembers(IEnumerable<string> ids)
    {
        JArray values = new();
        foreach (string id in ids)
        {
            values.Add(new JObject { ["value"] = id });
        }
        return new JArray(ScimClient.Op("add", "members", values));
    }

    public static JArray RemoveMembers(IEnumerable<string> ids)
    {
        JArray ops = new();
        foreach (string id in ids)
        {
            ops.Add(ScimClient.Op("remove", $"members[value eq {ScimWire.Quote(id)}]", null));
        }
        return ops;
    }
}
