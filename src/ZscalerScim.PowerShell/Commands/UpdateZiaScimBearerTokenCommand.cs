using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Entra;
using ZscalerScim.Idp;
using ZscalerScim.Internal;
using ZscalerScim.Okta;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>
/// The bearer token rotation in one command: a new token in ZIA, activated, written into Entra ID or Okta, and proven.
/// Entra ID's sign-in parameter sets come from <see cref="EntraCmdlet"/>; Okta's are the Okta set of this cmdlet.
/// </summary>
[Cmdlet(VerbsData.Update, "ZiaScimBearerToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(ZiaScimTokenRotation))]
public sealed class UpdateZiaScimBearerTokenCommand : EntraCmdlet
{
    private const string OktaSet = "Okta";

    // How long the rotation waits for its activation to be live before it writes the token into the identity provider.
    private static readonly TimeSpan ActivationTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The ZIA identity provider whose token is replaced: an object from Get-ZiaIdentityProvider or Get-ZiaScimBaseUrl, a name or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    /// <summary>The Entra ID enterprise application: its service principal's object id, or its display name (with a connection: by default the one it named).</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    [Parameter(ParameterSetName = ConnectionSet)]
    [Parameter(ParameterSetName = AccessTokenSet)]
    [Parameter(ParameterSetName = ClientSecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [Parameter(ParameterSetName = ManagedIdentitySet)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    /// <summary>The Okta org of the Zscaler 2.0 app: acme.okta.com, or a full https origin.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? OktaDomain { get; set; }

    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNull]
    public SecureString? OktaApiToken { get; set; }

    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? OktaClientId { get; set; }

    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? OktaPrivateKeyPath { get; set; }

    [Parameter(ParameterSetName = OktaSet)]
    [QuietConversion(typeof(X509Certificate2))]
    [ValidateNotNull]
    public X509Certificate2? OktaCertificate { get; set; }

    /// <summary>The Okta Zscaler 2.0 app (with a connection: by default the one Connect-ZiaScimOkta named, or the org's only one).</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    [Parameter(ParameterSetName = ConnectionSet)]
    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    /// <summary>Also put the new token into the result as plain text (TokenText).</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    private OktaConnection? _okta;

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveZiaSession(Session, "Update-ZiaScimBearerToken replaces the token through the ZIA admin API (API key sign-in)");

        // Everything that can be checked is checked before a token exists: a rotation that cannot finish must not start.
        ZiaIdentityProvider idp;
        Uri baseUrl;
        IIdpTarget target;
        try
        {
            IdentityProviderRef reference = IdentityProviderInput.ToReference(IdentityProvider!);
            idp = Run((log, cancel) => IdentityProviders.ResolveAsync(session!, reference, log, cancel));
            BearerTokens.RequireField(idp);
            baseUrl = ScimEndpoints.For(session!, idp).Endpoint.BaseUrl;
            target = ParameterSetName switch
            {
                OktaSet => OktaTarget(),
                ConnectionSet => ConnectedTarget(baseUrl),
                _ => EntraTarget(),
            };
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, IdentityProvider);
            return;
        }

        if (!ShouldChange($"identity provider '{idp.Name}' ({idp.Id}) and {target.Name}",
                "Generate a new SCIM bearer token, activate it in ZIA (the current token stops working), and write it into the identity provider"))
        {
            return;
        }

        (ZiaScimTokenRotation result, ZiaException? error) = Run((log, cancel) => TokenRotation.RotateAsync(idp, baseUrl, target, ActivationTimeout, log, cancel));
        if (AsPlainText && result.Token is { } token)
        {
            result.TokenText = SecretText.Reveal(token);
        }
        // The result first: it carries the token, and with -ErrorAction Stop the error ends the command.
        WriteObject(result);
        if (error is not null)
        {
            ItemFailed(error, idp);
        }
    }

    protected override void EndProcessing()
    {
        _okta?.Dispose();
        base.EndProcessing();
    }

    /// <summary>The one IdP the runspace's connections (or -EntraConnection) name; -ServicePrincipal or -AppId picks one when both are connected.</summary>
    private IIdpTarget ConnectedTarget(Uri baseUrl)
    {
        bool entraNamed = ServicePrincipal is not null || EntraConnection is not null, oktaNamed = AppId is not null || AppLabel is not null;
        IdpSelection selection = IdpSelection.WithRunspaceDefaults(new IdpSelection
        {
            Graph = EntraConnection,
            ServicePrincipal = ServicePrincipal,
            JobId = JobId,
            AppId = AppId,
            AppLabel = AppLabel,
            ScimProbe = ScimProbe(),
        });
        selection = new IdpSelection
        {
            Graph = oktaNamed && !entraNamed ? null : selection.Graph,
            ServicePrincipal = selection.ServicePrincipal,
            JobId = selection.JobId,
            Okta = entraNamed && !oktaNamed ? null : selection.Okta,
            AppId = selection.AppId,
            AppLabel = selection.AppLabel,
            ScimProbe = selection.ScimProbe,
        };
        if (selection.Graph is null && selection.Okta is null)
        {
            Fail(new ZiaException("ZiaIdpNotConnected", ErrorCategory.ConnectionError,
                "Update-ZiaScimBearerToken writes the new token into Entra ID or Okta: run Connect-ZiaScimEntra or Connect-ZiaScimOkta first, or give their sign-in parameters. Nothing was changed.", IdentityProvider));
        }
        var (targets, notResolved) = Run((log, cancel) => IdpTargets.ResolveAsync(selection, baseUrl, log, cancel));
        if (targets.Count > 1)
        {
            Fail(new ZiaException("ZiaIdpAmbiguous", ErrorCategory.InvalidArgument,
                $"Both {targets[0].Name} and {targets[1].Name} are connected: name the one to write with -ServicePrincipal or -AppId. Nothing was changed.", IdentityProvider));
        }
        if (targets.Count == 0)
        {
            ZiaScimSetupLink why = notResolved[0];
            Fail(new ZiaException("ZiaIdpNotResolved", ErrorCategory.ObjectNotFound, $"No IdP app to write the token into: {why.Cause}. {why.Fix}. Nothing was changed.", IdentityProvider));
        }
        return targets[0];
    }

    private IIdpTarget EntraTarget()
    {
        GraphConnection graph = Graph(); // signs in on the pipeline thread, before the work goes off it
        return Run((log, cancel) => Entra.EntraTarget.ResolveAsync(graph, ServicePrincipal!, JobId, log, cancel));
    }

    private IIdpTarget OktaTarget()
    {
        OktaSignIn signIn = new OktaSignInBuilder(GetUnresolvedProviderPathFromPSPath).BuildWith(new OktaSignInParameters
        {
            Domain = OktaDomain,
            ApiToken = OktaApiToken,
            ClientId = OktaClientId,
            PrivateKeyPath = OktaPrivateKeyPath,
            Certificate = OktaCertificate,
        }, ProxyOptions, TimeSpan.FromSeconds(TimeoutSec), MaxRetry);
        OktaConnection okta = _okta = Run((log, cancel) => OktaConnector.ConnectAsync(signIn, log, cancel));
        OktaApp app = Run((log, cancel) => Okta.OktaTarget.FindAsync(okta, AppId, AppLabel, log, cancel));
        return new Okta.OktaTarget(okta, app, ScimProbe());
    }
}
