using System;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.Idp;

/// <summary>The IdP's links of the chain and the rules every IdP follows to report them: a link it cannot read is NotChecked, never a guess.</summary>
internal static class IdpLinks
{
    public const string EndpointAndToken = "IdP endpoint and token";
    public const string JobHealth = "IdP job health";

    public static ZiaScimSetupLink Pass(string link, string evidence, string? target) => new(link, ZiaScimSetupStatus.Pass, evidence, null, null, target);

    public static ZiaScimSetupLink Fail(string link, string evidence, string cause, string fix, string? target) => new(link, ZiaScimSetupStatus.Fail, evidence, cause, fix, target);

    public static ZiaScimSetupLink Warning(string link, string evidence, string cause, string fix, string? target) => new(link, ZiaScimSetupStatus.Warning, evidence, cause, fix, target);

    public static ZiaScimSetupLink NotChecked(string link, string cause, string fix, string? target) => new(link, ZiaScimSetupStatus.NotChecked, "not read", cause, fix, target);

    /// <summary>
    /// A read the IdP refused or did not answer: NotChecked. A 403 names the permission that would let it be read; anything
    /// else says what failed. The message is already free of secrets (ZiaException redacts them).
    /// </summary>
    public static ZiaScimSetupLink NotRead(string link, ZiaException error, string permission, string? target)
    {
        if (error.StatusCode == 403 || error.Category == ErrorCategory.PermissionDenied)
        {
            return NotChecked(link, $"the identity lacks the permission {permission} ({error.ErrorId})",
                $"grant {permission} to the identity the module signs in with, then run the check again", target);
        }
        string why = error.StatusCode is { } status ? $"answered {status}" : "did not answer";
        return NotChecked(link, $"the IdP {why}: {OneLine(error.Message)}", "run the check again when the service answers", target);
    }

    /// <summary>Evidence and causes are one line each.</summary>
    public static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " ").Trim();

    /// <summary>Two base URLs name the same SCIM endpoint: scheme, host and path alike, case and a trailing slash aside.</summary>
    public static bool SameBaseUrl(string? held, Uri expected)
    {
        if (held is null)
        {
            return false;
        }
        string a = held.Trim().TrimEnd('/');
        string b = expected.ToString().TrimEnd('/');
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // Okta's Zscaler 2.0 app may hold only the /<orgId>/<idpId>/ part of the URL.
        return a.StartsWith("/", StringComparison.Ordinal) && expected.AbsolutePath.TrimEnd('/').StartsWith(a, StringComparison.OrdinalIgnoreCase);
    }
}
