namespace ZscalerScim;

/// <summary>What a sync does to the server's users that are not in the input.</summary>
public enum ScimDeprovisionMode
{
    /// <summary>Leave them alone.</summary>
    None,

    /// <summary>Set active = false.</summary>
    Disable,

    /// <summary>Delete them.</summary>
    Delete,
}
