using System.Management.Automation;
using System.Security;
using ZscalerScim.Internal;
using ZscalerScim.Okta;
using ZscalerScim.Portal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Set, "ZiaScimOktaProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FromIdentityProvider)]
[OutputType(typeof(ZiaScimOktaProvisioning))]
public sealed class SetZiaScimOktaProvisioningCommand : OktaCmdlet
{
    private const string FromIdentityProvider = "IdentityProvider", WithToken = "BaseUrl";

    /// <summary>The Okta app's id (0oa...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    /// <summary>The Okta app's label, matched exactly.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    /// <summary>The ZIA identity provider whose SCIM base URL and bearer token Okta gets, read through the admin API.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromIdentityProvider, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>The ZIA session to read the identity provider with; a piped Get-ZiaScimBaseUrl object brings its own.</summary>
    [Parameter(ParameterSetName = FromIdentityProvider, ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    /// <summary>The SCIM base URL to give Okta (full URL, or the /orgId/idpId/ path form).</summary>
    [Parameter(Mandatory = true, ParameterSetName = WithToken, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? BaseUrl { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = WithToken)]
    [ValidateNotNull]
    public SecureString? BearerToken { get; set; }

    /// <summary>Activate the connection, so that Okta provisions through it.</summary>
    [Parameter]
    public SwitchParameter Activate { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if ((AppId is null) == (AppLabel is null))
        {
            Fail(new ZiaException("OktaAppNotGiven", ErrorCategory.InvalidArgument,
                "Name the Okta Zscaler 2.0 app with -AppId or -AppLabel (one of them).", "AppId"));
        }
        // The sign-in parameters are checked before ZIA or Okta is called.
        CheckOktaSignIn();
    }

    protected override void ProcessRecord()
    {
        (string url, SecureString token, string source)? wanted = ParameterSetName == WithToken ? Given() : FromZia();
        if (wanted is not { } w)
        {
            return;
        }

        OktaConnection okta = Okta();
        OktaApp app;
        try
        {
            app = Run((log, cancel) => OktaProvisioning.FindAppAsync(okta, AppId, AppLabel, log, cancel));
            OktaProvisioning.RequireZscaler(app);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, (object?)AppId ?? AppLabel);
            return;
        }

        string action = $"Set the SCIM provisioning connection to {w.url} with the bearer token {w.source}" +
            (Activate ? ", and activate it" : " (not activated)");
        if (!ShouldChange(app.ToString(), action))
        {
            return;
        }

        ZiaScimOktaProvisioning saved;
        try
        {
            saved = Run((log, cancel) => OktaProvisioning.SetConnectionAsync(okta, app, w.url, w.token, Activate, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, app.Id);
            return;
        }
        if (!saved.Enabled)
        {
            WriteWarning($"The provisioning connection of {app} is saved but {saved.Status}: Okta does not provision users to ZIA through it until it is activated (-Activate).");
        }
        if (PassThru)
        {
            WriteObject(saved);
        }
    }

    private (string, SecureString, string)? Given()
    {
        try
        {
            return (OktaProvisioning.CheckBaseUrl(BaseUrl!), BearerToken!, "given");
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, "BaseUrl");
            return null;
        }
    }

    /// <summary>The identity provider's full SCIM base URL and its token, through the admin API.</summary>
    private (string, SecureString, string)? FromZia()
    {
        ZiaSession session = ResolveZiaSession(Session, "Set-ZiaScimOktaProvisioning -IdentityProvider reads the base URL and bearer token through the ZIA admin API (API key sign-in; or pass -BaseUrl and -BearerToken)");
        try
        {
            IdentityProviderRef reference = IdentityProviderInput.ToReference(IdentityProvider!);
            ScimConnectRequest read = Run((log, cancel) => ScimConnector.FromIdentityProviderAsync(session!, reference, log, cancel));
            ZiaIdentityProvider idp = read.IdentityProvider!;
            if (!idp.ScimProvisioning)
            {
                WriteWarning($"SCIM provisioning is off for '{idp.Name}' in ZIA: the SCIM server refuses Okta until Enable-ZiaScimProvisioning is activated.");
            }
            return (read.BaseUrl.ToString(), read.Token, $"of ZIA identity provider '{idp.Name}'");
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, IdentityProvider);
            return null;
        }
    }
}
