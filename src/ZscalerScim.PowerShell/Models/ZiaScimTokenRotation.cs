using System.Security;

namespace ZscalerScim;

/// <summary>How far one step of a token rotation got.</summary>
public enum ZiaRotationStep
{
    /// <summary>Not reached: an earlier step failed.</summary>
    NotRun,

    Done,

    Failed,

    /// <summary>No clear answer: it may or may not have taken effect.</summary>
    Unconfirmed,
}

/// <summary>The result of Update-ZiaScimBearerToken: each step's outcome and the new token (never in plain text unless -AsPlainText).</summary>
public sealed class ZiaScimTokenRotation
{
    public string? IdentityProvider { get; internal set; }

    /// <summary>Where the token went: "Entra ID: Zscaler Two" or "Okta: Zscaler ZIA".</summary>
    public string Target { get; internal set; } = string.Empty;

    /// <summary>A new token was generated and saved in ZIA (Unconfirmed: the save got no clear answer).</summary>
    public ZiaRotationStep Saved { get; internal set; }

    /// <summary>The change was activated in ZIA: from then on ZIA accepts only the new token.</summary>
    public ZiaRotationStep Activated { get; internal set; }

    /// <summary>The identity provider holds the new base URL and token.</summary>
    public ZiaRotationStep Written { get; internal set; }

    /// <summary>The new token was proven to work against the SCIM server (Entra ID's own test, or a SCIM request).</summary>
    public ZiaRotationStep Validated { get; internal set; }

    /// <summary>The new token, whenever ZIA may hold it: keep it until the rotation is complete.</summary>
    public SecureString? Token { get; internal set; }

    /// <summary>The new token as plain text, with -AsPlainText only.</summary>
    public string? TokenText { get; internal set; }

    /// <summary>What the tenant and the identity provider hold now.</summary>
    public string Message { get; internal set; } = string.Empty;

    public override string ToString() => $"{IdentityProvider} -> {Target}: {Message}";
}
