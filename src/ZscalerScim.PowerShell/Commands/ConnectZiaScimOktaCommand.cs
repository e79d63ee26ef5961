using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>
/// Signs in to an Okta org once (API token or service app) and keeps the connection in the runspace: the Okta cmdlets,
/// Update-ZiaScimBearerToken and Test-ZiaScimSetup use it when they are given no -OktaDomain.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ZiaScimOkta")]
[OutputType(typeof(OktaConnection))]
public sealed class ConnectZiaScimOktaCommand : OktaSignInCmdlet
{
    /// <summary>The Zscaler 2.0 app the other cmdlets use when none is named; checked now.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    /// <summary>The app by its exact label, instead of -AppId.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (OktaDomain is null)
        {
            Fail(new ZiaException("OktaDomainRequired", ErrorCategory.InvalidArgument, "Connect-ZiaScimOkta needs -OktaDomain (acme.okta.com) and -OktaApiToken or a service app.", "OktaDomain"));
        }
        if (AppId is not null && AppLabel is not null)
        {
            Fail(new ZiaException("OktaAppNotGiven", ErrorCategory.InvalidArgument, "Pass -AppId or -AppLabel, not both.", "AppId"));
        }
        OktaSignIn signIn = CheckOktaSignIn();
        OktaConnection connection;
        try
        {
            connection = Run((log, cancel) => OktaConnector.ConnectAsync(signIn, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(ex);
            return;
        }
        if (AppId is not null || AppLabel is not null)
        {
            try
            {
                OktaApp app = Run((log, cancel) => OktaTarget.FindAsync(connection, AppId, AppLabel, log, cancel));
                connection.AppId = app.Id;
                WriteVerbose($"Okta connection for {app}.");
            }
            catch (ZiaException ex)
            {
                connection.Dispose();
                Fail(ex);
                return;
            }
        }
        SessionStore.For(SessionState).Okta = connection;
        WriteVerbose($"Connected to Okta {connection.Origin} with {connection.SignedInAs}; the Okta cmdlets use this connection when given no -OktaDomain.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
