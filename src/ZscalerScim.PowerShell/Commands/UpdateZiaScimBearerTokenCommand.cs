using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Entra;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Okta;
using ZscalerScim.Portal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

/// <summary>
/// The bearer token rotation in one command: a new token in ZIA, activated, written into Entra ID or Okta, and proven.
/// Entra ID's sign-in parameter sets come from <see cref="EntraCmdlet"/>; Okta's are the Okta set of this cmdlet.
/// </summary>
[Cmdlet(VerbsData.Update, "ZiaScimBearerToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccessTokenSet)]
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

    /// <summary>The Entra ID enterprise application: its service principal's object id, or its display name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

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

    [Parameter(ParameterSetName = OktaSet)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

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
        RotationTarget target;
        try
        {
            IdentityProviderRef reference = IdentityProviderInput.ToReference(IdentityProvider!);
            idp = Run((log, cancel) => IdentityProviders.ResolveAsync(session!, reference, log, cancel));
            BearerTokens.RequireField(idp);
            baseUrl = ScimEndpoints.For(session!, idp).Endpoint.BaseUrl;
            target = ParameterSetName == OktaSet ? OktaTarget(baseUrl) : EntraTarget(baseUrl);
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

        (ZiaScimTokenRotation result, ZiaException? error) = Run((log, cancel) => TokenRotation.RotateAsync(idp, target, ActivationTimeout, log, cancel));
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

    private RotationTarget EntraTarget(Uri baseUrl)
    {
        GraphConnection graph = Graph();
        EntraServicePrincipal sp = Run((log, cancel) => EntraProvisioning.ResolveServicePrincipalAsync(graph, ServicePrincipal!, log, cancel));
        ZiaScimEntraProvisioning job = Run((log, cancel) => EntraProvisioning.FindJobAsync(graph, sp, JobId, log, cancel));
        return new RotationTarget($"Entra ID: {sp.DisplayName ?? sp.Id}", $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp.Id}' -BaseUrl {baseUrl}",
            async (token, log, cancel) => await EntraProvisioning.WriteCredentialsAsync(graph, sp.Id, baseUrl, token, log, cancel).ConfigureAwait(false),
            async (token, log, cancel) =>
            {
                // Entra ID itself calls the SCIM server with what it saved.
                EntraValidation answer = await EntraProvisioning.ValidateAsync(graph, sp.Id, job.JobId!, log, cancel).ConfigureAwait(false);
                return answer.Succeeded ? null : $"Entra ID's test of the saved credentials failed: {answer.Message}";
            });
    }

    private RotationTarget OktaTarget(Uri baseUrl)
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
        OktaApp app = Run((log, cancel) => OktaProvisioning.FindAppAsync(okta, AppId, AppLabel, log, cancel));
        OktaProvisioning.RequireZscaler(app);
        ProxyOptions proxy = signIn.Proxy;
        return new RotationTarget($"Okta: {app.Label}", $"Set-ZiaScimOktaProvisioning -OktaDomain {OktaDomain} -AppId {app.Id} -BaseUrl {baseUrl}",
            async (token, log, cancel) => await OktaProvisioning.SetConnectionAsync(okta, app, baseUrl.ToString(), token, false, log, cancel).ConfigureAwait(false),
            async (token, log, cancel) =>
            {
                // Okta cannot test a connection through its API: one SCIM request with the new token, through this module's client.
                using ScimConnection scim = ScimConnector.Connect(new ScimConnectRequest(baseUrl, token)
                {
                    Proxy = proxy,
                    RequestsPerSecond = 5,
                    Timeout = TimeSpan.FromSeconds(TimeoutSec),
                    MaxRetry = MaxRetry,
                });
                ScimConnectionTest test = await ScimConnectionTester.TestAsync(scim, log, cancel).ConfigureAwait(false);
                return test.Authenticated ? null : $"a SCIM request with the new token failed: {test.Message}";
            });
    }
}
