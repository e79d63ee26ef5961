using ZscalerScim.Sync;

namespace ZscalerScim;

/// <summary>One user's outcome in Sync-ZiaScimUser.</summary>
public sealed class ScimSyncResult
{
    internal ScimSyncResult(string userName, ScimSyncAction action, string[] changes, string? error, string? id)
    {
        UserName = userName;
        Action = action;
        Changes = changes;
        Error = error;
        Id = id;
    }

    public string UserName { get; }

    public ScimSyncAction Action { get; }

    /// <summary>What changed, as "attribute: 'old' -> 'new'".</summary>
    public string[] Changes { get; }

    /// <summary>Why it failed (Action = Failed).</summary>
    public string? Error { get; }

    /// <summary>The user's id on the SCIM server.</summary>
    public string? Id { get; }

    public override string ToString() => $"{UserName}: {Action}";
}
