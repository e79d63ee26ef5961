using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
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

    /// <summary>The SCIM filter for one lookup: an id or an exact displayName; null lists every group.</summary>
    public static string? Filter(string? id, string? displayName) =>
        id is not null ? ScimWire.Eq("id", id) : displayName is null ? null : ScimWire.Eq("displayName", displayName);

    /// <summary>Groups page by page, each handed on as it arrives, until <paramref name="enough"/>; returns how many the server sent.</summary>
    public static Task<int> ListAsync(ScimConnection connection, string? filter, System.Action<ScimGroup> onGroup, int max, OperationLog log, CancellationToken cancel, System.Func<bool>? enough = null) =>
        ScimClient.ListAsync(connection, ScimWire.Groups, filter, null, item => onGroup(ScimResources.Group(item, connection)), max, log, cancel, enough: enough);

    /// <summary>The group as the server holds it now (its members current).</summary>
    public static async Task<ScimGroup> GetAsync(ScimConnection connection, ScimGroup group, OperationLog log, CancellationToken cancel) =>
        ScimResources.Group(await ScimClient.GetAsync(connection, ScimWire.Groups, group.Id, log, cancel).ConfigureAwait(false), connection);

    /// <summary>
    /// Creates the group with the change's first members (at most a request's worth), then adds the rest in PATCHes;
    /// returns the group as created. A failure after the create says what the server holds (<see cref="MemberChange.Describe"/>).
    /// </summary>
    public static async Task<ScimGroup> CreateAsync(ScimConnection connection, string displayName, string? externalId, MemberChange members, OperationLog log, CancellationToken cancel)
    {
        int first = System.Math.Min(members.Add.Count, ServiceLimits.ScimMembersPerRequest);
        JObject body = CreateBody(displayName, externalId, members.Add, first);
        ScimGroup group = ScimResources.Group(await ScimClient.CreateAsync(connection, ScimWire.Groups, body, log, cancel).ConfigureAwait(false), connection);
        members.CreatedId = group.Id;
        members.Added = first;
        await ChangeMembersAsync(connection, group.Id, members, log, cancel).ConfigureAwait(false);
        return group;
    }

    /// <summary>
    /// Sends what is left of the change (adds, then removes) in PATCHes of at most
    /// <see cref="ServiceLimits.ScimMembersPerRequest"/> members (Zscaler answers 204), counting each one the server takes.
    /// </summary>
    public static async Task ChangeMembersAsync(ScimConnection connection, string groupId, MemberChange change, OperationLog log, CancellationToken cancel)
    {
        while (change.Added < change.Add.Count || change.Removed < change.Remove.Count)
        {
            int adds = System.Math.Min(change.Add.Count - change.Added, ServiceLimits.ScimMembersPerRequest);
            int removes = System.Math.Min(change.Remove.Count - change.Removed, ServiceLimits.ScimMembersPerRequest - adds);
            JArray ops = PatchOperations(change, adds, removes);
            try
            {
                await ZIdentityGroups.WriteAsync(connection, groupId, "change the members of", () => ScimClient.PatchAsync(connection, ScimWire.Groups, groupId, ops, false, log, cancel)).ConfigureAwait(false);
            }
            catch (ZiaException ex)
            {
                change.LastUncertain = ex.SaveState == SaveState.Unknown;
                if (!change.Started)
                {
                    throw;
                }
                throw new ZiaException(ex.ErrorId, ex.Category, $"{ex.Message} {change.Describe()}", ex.Target, ex)
                {
                    StatusCode = ex.StatusCode, ServiceCode = ex.ServiceCode, SaveState = ex.SaveState,
                };
            }
            catch (System.OperationCanceledException ex) when (change.Started && StoppedMidwayException.IsStop(ex, cancel))
            {
                throw new StoppedMidwayException($"Stopped while changing the members of group {groupId}. {change.Describe()}", ex, cancel);
            }
            change.Added += adds;
            change.Removed += removes;
        }
    }

    /// <summary>A new group with the first <paramref name="count"/> of <paramref name="memberIds"/>.</summary>
    public static JObject CreateBody(string displayName, string? externalId, IReadOnlyList<string> memberIds, int count)
    {
        JObject body = new() { ["schemas"] = new JArray(ScimWire.GroupSchema), ["displayName"] = displayName, ["members"] = Values(memberIds, 0, count) };
        if (!string.IsNullOrEmpty(externalId))
        {
            body["externalId"] = externalId;
        }
        return body;
    }

    /// <summary>The PATCH operations for the change's next <paramref name="adds"/> adds and <paramref name="removes"/> removes.</summary>
    public static JArray PatchOperations(MemberChange change, int adds, int removes)
    {
        JArray ops = adds > 0 ? new JArray(ScimClient.Op("add", "members", Values(change.Add, change.Added, adds))) : new JArray();
        for (int i = change.Removed; i < change.Removed + removes; i++)
        {
            ops.Add(ScimClient.Op("remove", $"members[value eq {ScimWire.Quote(change.Remove[i])}]", null));
        }
        return ops;
    }

    private static JArray Values(IReadOnlyList<string> ids, int start, int count)
    {
        JArray values = new();
        for (int i = start; i < start + count; i++)
        {
            values.Add(new JObject { ["value"] = ids[i] });
        }
        return values;
    }

    public static Task DeleteAsync(ScimConnection connection, string groupId, OperationLog log, CancellationToken cancel) =>
        ZIdentityGroups.WriteAsync(connection, groupId, "delete", () => ScimClient.DeleteAsync(connection, ScimWire.Groups, groupId, log, cancel));
}
