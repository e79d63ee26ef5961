namespace ZscalerScim;

/// <summary>How one link of a SCIM setup stands.</summary>
public enum ZiaScimSetupStatus
{
    /// <summary>The link was read and holds.</summary>
    Pass,

    /// <summary>The link was read and is broken; <c>Cause</c> and <c>Fix</c> say why and how to repair it.</summary>
    Fail,

    /// <summary>The link works but something on it needs attention.</summary>
    Warning,

    /// <summary>The link could not be read; <c>Cause</c> says why and what would let it be checked.</summary>
    NotChecked,
}

/// <summary>One link of the provisioning chain, as Test-ZiaScimSetup found it. Evidence never holds a secret.</summary>
public sealed class ZiaScimSetupLink
{
    internal ZiaScimSetupLink(string link, ZiaScimSetupStatus status, string evidence, string? cause, string? fix, string? target)
    {
        Link = link;
        Status = status;
        Evidence = evidence;
        Cause = cause;
        Fix = fix;
        Target = target;
    }

    /// <summary>The link's name, in the chain's order (for example "ZIA session", "Entra job health").</summary>
    public string Link { get; }

    public ZiaScimSetupStatus Status { get; }

    /// <summary>What was read, in one line: names and counts, never a secret.</summary>
    public string Evidence { get; }

    /// <summary>Why the link failed, warned or could not be checked; empty on Pass.</summary>
    public string? Cause { get; }

    /// <summary>The command or portal step that repairs the link, or that lets it be checked.</summary>
    public string? Fix { get; }

    /// <summary>What the link is about: the identity provider, the SCIM base URL, the Entra job, the Okta app.</summary>
    public string? Target { get; }

    public override string ToString() => Link + ": " + Status;
}
