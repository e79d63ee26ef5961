namespace ZscalerScim.Emulator.State;

public enum SessionKind
{
    /// <summary><c>/api/v1</c>: JSESSIONID only.</summary>
    Legacy,

    /// <summary><c>/zsapi/v1</c>: JSESSIONID plus the ZS_SESSION_CODE cookie and ZS_CUSTOM_CODE header.</summary>
    Portal,
}

/// <summary>An admin session; mutable fields are only touched under the state's lock.</summary>
public sealed class Session(string id, SessionKind kind, string? sessionCode, DateTimeOffset now)
{
    public string Id { get; } = id;
    public SessionKind Kind { get; } = kind;

    /// <summary>Portal only: the anti-CSRF code sent back as cookie and header.</summary>
    public string? SessionCode { get; } = sessionCode;

    public DateTimeOffset LastSeen { get; set; } = now;
}
