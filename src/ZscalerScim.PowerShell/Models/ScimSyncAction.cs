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
}
