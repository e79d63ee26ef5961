namespace ZscalerScim.Internal;

/// <summary>What a failed write leaves at the service: what the error must say, and what may still be undone or handed out.</summary>
internal enum SaveState
{
    /// <summary>Nothing was saved: the write was never sent, or the service answered with a refusal (4xx).</summary>
    NotSaved,

    /// <summary>No clear answer (timeout, dropped connection, 5xx, a proxy page): the write may have been saved.</summary>
    Unknown,

    /// <summary>The service accepted the write, but reading it back failed or showed other values.</summary>
    Unverified,
}
