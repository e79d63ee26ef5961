using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>
/// Base of the cmdlets that talk to Okta: every Okta sign-in parameter in one place, and one sign-in per invocation
/// (made on first use, disposed at the end).
/// </summary>
public abstract class OktaCmdlet : TransportCmdlet
{
    private OktaConnection? _okta;
    private OktaSignIn? _signIn;

    /// <summary>The Okta org: acme.okta.com, a custom domain, or a full https origin.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? OktaDomain { get; set; }

    /// <summary>An Okta API token (SSWS) of an admin who may manage the app.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? OktaApiToken { get; set; }

    /// <summary>The client id of an Okta API service app (private key JWT, scopes okta.apps.read and okta.apps.manage).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OktaClientId { get; set; }

    /// <summary>The service app's unencrypted RSA private key in PEM.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OktaPrivateKeyPath { get; set; }

    /// <summary>A certificate whose RSA private key is the service app's key.</summary>
    [Parameter]
    [Alias("Certificate")]
    [QuietConversion(typeof(X509Certificate2))]
    [ValidateNotNull]
    public X509Certificate2? OktaCertificate { get; set; }

    /// <summary>Checks the sign-in parameters (nothing is sent); stops the command when they do not add up.</summary>
    internal OktaSignIn CheckOktaSignIn()
    {
        if (_signIn is not null)
        {
            return _signIn;
        }
        try
        {
            return _signIn = new OktaSignInBuilder(GetUnresolvedProviderPathFromPSPath).BuildWith(new OktaSignInParameters
            {
                Domain = OktaDomain,
                ApiToken = OktaApiToken,
                ClientId = OktaClientId,
                PrivateKeyPath = OktaPrivateKeyPath,
                Certificate = OktaCertificate,
            }, ProxyOptions, TimeSpan.FromSeconds(TimeoutSec), MaxRetry);
        }
        catch (ZiaException ex)
        {
            Fail(ex);
            throw;
        }
    }

    /// <summary>The Okta connection of this invocation, signed in on first use; a failed sign-in stops the command.</summary>
    internal OktaConnection Okta()
    {
        if (_okta is null)
        {
            OktaSignIn signIn = CheckOktaSignIn();
            try
            {
                _okta = Run((log, cancel) => OktaConnector.ConnectAsync(signIn, log, cancel));
            }
            catch (ZiaException ex)
            {
                Fail(ex);
                throw;
            }
        }
        return _okta;
    }

    protected override void EndProcessing() => Close();

    private void Close()
    {
        _okta?.Dispose();
        _okta = null;
    }
}
