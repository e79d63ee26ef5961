using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>What one write operation answers: status, body (null for 204) and the resource's location.</summary>
public sealed record ScimOutcome(int Status, JsonObject? Body, string? Location);

/// <summary>
/// The writes on users and groups, shared by the resource endpoints and <c>/Bulk</c>. Each throws
/// <see cref="ScimException"/> for an error answer and changes nothing then.
/// </summary>
public static class ScimOperations
{
    public static ScimOutcome CreateUser(ScimCall call, JsonObject body)
    {
        var attributes = ScimResourceReader.ReadUser(body, requireSchemas: true);
        CheckUserName(call, attributes.UserName);
        if (call.State.Accounts.HoldsOutsideScim(attributes.UserName))
        {
            // userName is unique in the organization: the user lives outside this IdP's SCIM endpoint.
            throw ScimException.Uniqueness($"A user with userName '{attributes.UserName}' already exists");
        }
        var user = call.Directory.CreateUser(attributes);
        var location = call.UserLocation(user.Id);
        return new ScimOutcome(StatusCodes.Status201Created, ScimJson.User(user, location), location);
    }

    public static ScimOutcome ReplaceUser(ScimCall call, string id, JsonObject body)
    {
        string? oldName = null;
        var user = call.Directory.UpdateUser(id, current =>
        {
            oldName = current.UserName;
            var attributes = ScimResourceReader.ReadUser(body, requireSchemas: true);
            CheckUserName(call, attributes.UserName);
            return attributes;
        });
        FollowLinkedAdmin(call, oldName!, user);
        var location = call.UserLocation(user.Id);
        return new ScimOutcome(StatusCodes.Status200OK, ScimJson.User(user, location), location);
    }

    /// <summary>User PATCH answers 200 with the resource.</summary>
    public static ScimOutcome PatchUser(ScimCall call, string id, JsonObject body)
    {
        var operations = ScimPatch.ReadOperations(body);
        string? oldName = null;
        var user = call.Directory.UpdateUser(id, current =>
        {
            oldName = current.UserName;
            var next = ScimPatch.ApplyToUser(current, operations);
            if (!string.Equals(next.UserName, current.UserName, StringComparison.Ordinal))
            {
                CheckUserName(call, next.UserName);
            }
            ScimResourceReader.CheckLengths(next);
            return next;
        });
        FollowLinkedAdmin(call, oldName!, user);
        var location = call.UserLocation(user.Id);
        return new ScimOutcome(StatusCodes.Status200OK, ScimJson.User(user, location), location);
    }

    public static ScimOutcome DeleteUser(ScimCall call, string id)
    {
        var user = call.Directory.FindUser(id) ?? throw ScimException.NotFound($"User {id} not found");
        if (!call.State.Accounts.AllowScimDelete(user.Attributes.UserName))
        {
            throw new ScimException(StatusCodes.Status409Conflict, null, "Admin user cannot be deleted");
        }
        call.Directory.DeleteUser(id);
        return new ScimOutcome(StatusCodes.Status204NoContent, null, call.UserLocation(id));
    }

    public static ScimOutcome CreateGroup(ScimCall call, JsonObject body)
    {
        var (attributes, memberIds) = ScimResourceReader.ReadGroup(body, requireSchemas: true);
        var group = call.Directory.CreateGroup(attributes, [.. memberIds]);
        var location = call.GroupLocation(group.Id);
        return new ScimOutcome(StatusCodes.Status201Created, ScimJson.Group(group, location), location);
    }

    public static ScimOutcome ReplaceGroup(ScimCall call, string id, JsonObject body)
    {
        RefuseIfManaged(call, id);
        var group = call.Directory.UpdateGroup(id, draft =>
        {
            var (attributes, memberIds) = ScimResourceReader.ReadGroup(body, requireSchemas: true);
            draft.Attributes = attributes;
            draft.MemberIds.Clear();
            draft.MemberIds.UnionWith(memberIds);
        });
        var location = call.GroupLocation(group.Id);
        return new ScimOutcome(StatusCodes.Status200OK, ScimJson.Group(group, location), location);
    }

    /// <summary>Group PATCH answers 204 (Zscaler, and what Entra ID expects).</summary>
    public static ScimOutcome PatchGroup(ScimCall call, string id, JsonObject body)
    {
        RefuseIfManaged(call, id);
        var operations = ScimPatch.ReadOperations(body);
        call.Directory.UpdateGroup(id, draft =>
        {
            ScimPatch.ApplyToGroup(draft, operations);
            ScimResourceReader.CheckGroupName(draft.Attributes.DisplayName);
        });
        return new ScimOutcome(StatusCodes.Status204NoContent, null, call.GroupLocation(id));
    }

    public static ScimOutcome DeleteGroup(ScimCall call, string id)
    {
        RefuseIfManaged(call, id);
        call.Directory.DeleteGroup(id);
        return new ScimOutcome(StatusCodes.Status204NoContent, null, call.GroupLocation(id));
    }

    private static void CheckUserName(ScimCall call, string userName)
    {
        if (call.Profile.CheckRegisteredDomains)
        {
            ScimResourceReader.CheckUserName(userName, call.Domains);
        }
    }

    /// <summary>
    /// ZIdentity's dynamic groups keep their members by ZIdentity's own rules. How the real server refuses
    /// a write is not documented: here 400 mutability, and nothing changes.
    /// </summary>
    private static void RefuseIfManaged(ScimCall call, string id)
    {
        if (call.Directory.IsManaged(id))
        {
            throw ScimException.Mutability($"Group {id} is a dynamic group managed by ZIdentity and cannot be modified");
        }
    }

    // Zscaler links a user and an admin by login name: renaming the user changes the admin's login, and
    // disabling the user (under its new name, when a rename made it an admin's user) disables the admin account.
    private static void FollowLinkedAdmin(ScimCall call, string oldName, ScimUser user)
    {
        if (!string.Equals(oldName, user.Attributes.UserName, StringComparison.Ordinal))
        {
            call.State.Accounts.ScimUserRenamed(oldName, user.Attributes.UserName);
        }
        if (!user.Attributes.Active)
        {
            call.State.Accounts.ScimUserDisabled(user.Attributes.UserName);
        }
    }
}
