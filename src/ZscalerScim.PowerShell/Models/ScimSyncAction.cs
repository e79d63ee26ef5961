namespace ZscalerScim;

/// <summary>One user's outcome in a sync.</summary>
public enum ScimSyncAction
{
    Created,
    Updated,
    Reactivated,
    Unchanged,
    Disabled,
    Deleted,
    Failed,

    /// <summary>Not sent: it breaks one of ZIA's rules, or it is kept because it is linked to a ZIA admin (the Error says which).</summary>
    Skipped,
}
