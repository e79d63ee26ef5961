namespace ZscalerScim.Emulator.Scim;

/// <summary>One entry of a user's <c>emails</c>.</summary>
public sealed record ScimEmail(string Value, string Type, bool Primary);

/// <summary>
/// What a client may write on a user: the attributes Zscaler keeps. Immutable, so PATCH builds a
/// new value and the store commits it only when every operation succeeded.
/// </summary>
public sealed record UserAttributes
{
    public required string UserName { get; init; }
    public string? ExternalId { get; init; }
    public string? DisplayName { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public IReadOnlyList<ScimEmail> Emails { get; init; } = [];
    public bool Active { get; init; } = true;

    /// <summary>The enterprise extension's department (also shown as a top-level <c>department</c>).</summary>
    public string? Department { get; init; }

    /// <summary>
    /// ZIdentity's own extension (<c>urn:...:zscaler:1.0:User</c>), kept as sent: PATCH leaves it alone,
    /// a PUT without it removes it (PUT replaces the whole resource).
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? ZscalerExtension { get; init; }
}

/// <summary>What a client may write on a group besides its members.</summary>
public sealed record GroupAttributes
{
    public required string DisplayName { get; init; }
    public string? ExternalId { get; init; }
}

/// <summary>A reference to another resource: a user's group or a group's member.</summary>
public sealed record ScimRef(string Value, string Display);

/// <summary>A user as read from the store, with its groups resolved at that moment.</summary>
public sealed record ScimUser(
    string Id, UserAttributes Attributes, DateTimeOffset Created, DateTimeOffset LastModified, IReadOnlyList<ScimRef> Groups);

/// <summary>A group as read from the store; <see cref="Members"/> is null when the caller left members out.</summary>
public sealed record ScimGroup(
    string Id, GroupAttributes Attributes, DateTimeOffset Created, DateTimeOffset LastModified, IReadOnlyList<ScimRef>? Members);

/// <summary>A group being changed by PATCH: a private copy, committed only when all operations succeed.</summary>
public sealed class GroupDraft(GroupAttributes attributes, IEnumerable<string> memberIds)
{
    public GroupAttributes Attributes { get; set; } = attributes;
    public HashSet<string> MemberIds { get; } = new(memberIds, StringComparer.Ordinal);
}
