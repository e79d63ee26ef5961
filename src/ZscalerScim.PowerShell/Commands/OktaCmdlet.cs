using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Connections;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>Every Okta sign-in parameter in one place (Connect-ZiaScimOkta, and through <see cref="OktaCmdlet"/> every Okta cmdlet).</summary>
public abstract class OktaSignInCmdlet : TransportCmdlet
{
    private OktaSignIn? _signIn;

    /// <summary>The Okta org: acme.okta.com, a custom domain, or a full https origin.</summary>
    [Parameter]
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

}

/// <summary>
/// Base of the cmdlets that talk to Okta: with -OktaDomain and a credential, one sign-in per invocation (made on first
/// use, disposed at the end); without -OktaDomain, a connection: -OktaConnection, else the runspace's (Connect-ZiaScimOkta).
/// </summary>
public abstract class OktaCmdlet : OktaSignInCmdlet
{
    private OktaConnection? _okta;
    private bool _owned;

    /// <summary>A connection from Connect-ZiaScimOkta -PassThru; by default the runspace's. Used when -OktaDomain is not given.</summary>
    [Parameter]
    [QuietConversion(typeof(OktaConnection))]
    [ValidateNotNull]
    public OktaConnection? OktaConnection { get; set; }

    /// <summary>No -OktaDomain: the command uses a connection, not a sign-in of its own.</summary>
    internal bool UsesConnection => OktaDomain is null;

    /// <summary>The connection given or the runspace's, when the command uses one (read on the pipeline thread).</summary>
    internal OktaConnection? StoredOkta => UsesConnection ? OktaConnection ?? SessionStore.Okta : null;

    /// <summary>The app id named, else (no label either) the one Connect-ZiaScimOkta -AppId remembered.</summary>
    internal string? AppIdOrDefault(string? appId, string? appLabel) => appId ?? (appLabel is null ? StoredOkta?.AppId : null);

    /// <summary>
    /// The Zscaler 2.0 app to read: by id or label, else the one Connect-ZiaScimOkta -AppId named, else the org's only
    /// Zscaler 2.0 app. Throws ZiaException when it is not one app of that type.
    /// </summary>
    internal OktaApp ResolveZscalerApp(OktaConnection okta, string? appId, string? appLabel)
    {
        string? id = AppIdOrDefault(appId, appLabel);
        if (id is not null || appLabel is not null)
        {
            return Run((log, cancel) => OktaTarget.FindAsync(okta, id, appLabel, log, cancel));
        }
        var apps = Run((log, cancel) => OktaProvisioning.ZscalerAppsAsync(okta, log, cancel));
        if (apps.Count == 1)
        {
            return apps[0];
        }
        throw new ZiaException("OktaAppNotGiven", ErrorCategory.InvalidArgument, apps.Count == 0
            ? "The Okta org has no Zscaler 2.0 app. Name the app with -AppId or -AppLabel."
            : $"The Okta org has {apps.Count} Zscaler 2.0 apps ({string.Join(", ", System.Linq.Enumerable.Select(apps, a => $"'{a.Label}' {a.Id}"))}): name one with -AppId or -AppLabel.", "AppId");
    }

    /// <summary>Checks the sign-in parameters, or that a connection is there (nothing is sent); stops the command when they do not add up.</summary>
    internal void CheckOktaAccess()
    {
        if (!UsesConnection)
        {
            CheckOktaSignIn();
            return;
        }
        if (OktaApiToken is not null || OktaClientId is not null || OktaPrivateKeyPath is not null || OktaCertificate is not null)
        {
            Fail(new ZiaException("OktaDomainRequired", ErrorCategory.InvalidArgument,
                "-OktaApiToken, -OktaClientId and the private key sign in to the org -OktaDomain names: give -OktaDomain too, or use Connect-ZiaScimOkta. Nothing was changed.", "OktaDomain"));
        }
        OktaConnection? stored = StoredOkta;
        if (stored is null)
        {
            Fail(new ZiaException("OktaNotConnected", ErrorCategory.ConnectionError,
                "There is no Okta connection in this runspace. Run Connect-ZiaScimOkta first, or give -OktaDomain with -OktaApiToken (or a service app). Nothing was changed."));
        }
        if (stored!.Disposed)
        {
            Fail(new ZiaException("OktaConnectionClosed", ErrorCategory.ConnectionError,
                "This Okta connection was closed (Disconnect-ZiaScimOkta). Run Connect-ZiaScimOkta again.", stored));
        }
    }

    /// <summary>The Okta connection: the runspace's or the given one (never closed here), or this invocation's, signed in on first use; a failed sign-in stops the command.</summary>
    internal OktaConnection Okta()
    {
        if (_okta is null && UsesConnection)
        {
            CheckOktaAccess();
            _okta = StoredOkta!;
        }
        if (_okta is null)
        {
            _owned = true;
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
        if (_owned)
        {
            _okta?.Dispose();
        }
        _okta = null;
    }
}
