using System;

namespace ZscalerScim;

/// <summary>A group on the SCIM server.</summary>
public sealed class ScimGroup
{
    internal ScimGroup(ScimConnection connection) => Connection = connection;

    public string Id { get; internal init; } = string.Empty;

    public string DisplayName { get; internal init; } = string.Empty;

    public string? ExternalId { get; internal init; }

    /// <summary>Members' display names (or ids where the server gives no name).</summary>
    public ScimTextList Members { get; internal init; } = ScimTextList.Empty;

    public ScimTextList MemberIds { get; internal init; } = ScimTextList.Empty;

    public int MemberCount => MemberIds.Length;

    public DateTime? LastModified { get; internal init; }

    /// <summary>ZIdentity manages this group itself (a dynamic group): this module never changes or deletes it.</summary>
    public bool IsManagedByZIdentity { get; internal init; }

    public ScimConnection Connection { get; }

    public override string ToString() => DisplayName;
}
