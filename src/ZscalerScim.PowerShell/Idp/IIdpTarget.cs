using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Idp;

/// <summary>
/// The identity provider's side of a SCIM setup, whatever the IdP: it holds ZIA's SCIM base URL and bearer token, can
/// say whether they work, and reports the health of its provisioning. Entra ID (Entra/EntraTarget) and Okta
/// (Okta/OktaTarget) implement it; the token rotation, the Set-*Provisioning cmdlets and Test-ZiaScimSetup use only this.
/// A third IdP is a folder with a class that implements it.
/// </summary>
internal interface IIdpTarget
{
    /// <summary>"Entra ID: Zscaler Two", "Okta: Zscaler ZIA" (for messages; never a secret).</summary>
    string Name { get; }

    /// <summary>The command that writes a URL and token by hand: "Set-ZiaScimEntraProvisioning -ServicePrincipal '...' -BaseUrl ...".</summary>
    string SetCommand(Uri baseUrl);

    /// <summary>
    /// Saves the SCIM base URL and bearer token at the IdP. Throws a ZiaException whose SaveState and message say what the
    /// IdP holds after a failure. Returns a warning when the write changed something beside them (else null).
    /// </summary>
    Task<string?> WriteAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel);

    /// <summary>Null when what the IdP holds (or, for an IdP that cannot test itself, the given URL and token) reaches the SCIM server; else why not.</summary>
    Task<string?> ValidateAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel);

    /// <summary>
    /// The IdP's two links of the chain, read only: <see cref="IdpLinks.EndpointAndToken"/> and <see cref="IdpLinks.JobHealth"/>.
    /// Never throws for a service that refuses or does not answer: that link is NotChecked with the reason.
    /// </summary>
    Task<IReadOnlyList<ZiaScimSetupLink>> ReadHealthAsync(IdpHealthQuery query, OperationLog log, CancellationToken cancel);
}

/// <summary>What a health read compares against and over which window.</summary>
internal sealed class IdpHealthQuery
{
    public IdpHealthQuery(Uri? expectedBaseUrl, DateTime since, DateTime until)
    {
        ExpectedBaseUrl = expectedBaseUrl;
        Since = since.ToUniversalTime();
        Until = until.ToUniversalTime();
    }

    /// <summary>ZIA's SCIM base URL of the identity provider (Get-ZiaScimBaseUrl); null when ZIA was not read.</summary>
    public Uri? ExpectedBaseUrl { get; }

    /// <summary>The start of the window for logs and events (UTC).</summary>
    public DateTime Since { get; }

    /// <summary>The end of the window (UTC): every log read is bounded by it.</summary>
    public DateTime Until { get; }
}
