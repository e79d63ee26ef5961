namespace ZscalerScim;

/// <summary>One group's outcome in Sync-ZiaScimGroup.</summary>
public sealed class ScimGroupSyncResult
{
    internal ScimGroupSyncResult(string displayName, ScimSyncAction action, string[] membersAdded, string[] membersRemoved, string? error, string? id)
    {
        DisplayName = displayName;
        Action = action;
        MembersAdded = new ScimTextList(membersAdded);
        MembersRemoved = new ScimTextList(membersRemoved);
        Error = error;
        Id = id;
    }

    public string DisplayName { get; }

    public ScimSyncAction Action { get; }

    /// <summary>userNames added to the group.</summary>
    public ScimTextList MembersAdded { get; }

    /// <summary>userNames removed from the group.</summary>
    public ScimTextList MembersRemoved { get; }

    /// <summary>Why it failed, or which members could not be added.</summary>
    public string? Error { get; }

    public string? Id { get; }

    public override string ToString() => $"{DisplayName}: {Action}";
}
