using System.Collections.Generic;

namespace ZscalerScim;

/// <summary>One user's outcome in Sync-ZiaScimUser.</summary>
public sealed class ScimSyncResult
{
    internal ScimSyncResult(string userName, ScimSyncAction action, IList<string> changes, string? error, string? id)
    {
        UserName = userName;
        Action = action;
        Changes = new ScimTextList(changes);
        Error = error;
        Id = id;
    }

    public string UserName { get; }

    public ScimSyncAction Action { get; }

    /// <summary>What the step sets, as "attribute: 'old' -> 'new'"; Export-Csv writes them joined with "; ".</summary>
    public ScimTextList Changes { get; }

    /// <summary>Why it failed (Action = Failed), or why it was not sent (Action = Skipped).</summary>
    public string? Error { get; }

    /// <summary>The user's id on the SCIM server.</summary>
    public string? Id { get; }

    public override string ToString() => $"{UserName}: {Action}";
}
