using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Entra;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Signs in to Microsoft Graph once and keeps the connection in the runspace, as Connect-ZiaScim keeps a SCIM connection:
/// the Entra ID cmdlets, Update-ZiaScimBearerToken and Test-ZiaScimSetup use it when they are given no sign-in.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ZiaScimEntra", DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(GraphConnection))]
public sealed class ConnectZiaScimEntraCommand : EntraSignInCmdlet
{
    /// <summary>The Zscaler enterprise application (object id or display name) the other cmdlets use when none is named; checked now.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    /// <summary>The provisioning job, when the application has more than one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        GraphSignIn signIn = BuildSignIn();
        GraphConnection connection;
        try
        {
            connection = Run((log, cancel) => GraphConnector.ConnectAsync(signIn, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(ex);
            return;
        }
        if (ServicePrincipal is not null)
        {
            try
            {
                EntraTarget target = Run((log, cancel) => EntraTarget.ResolveAsync(connection, ServicePrincipal, JobId, log, cancel));
                connection.ServicePrincipal = target.ServicePrincipal.Id;
                connection.JobId = target.JobId;
                WriteVerbose($"Entra ID connection for {target.ServicePrincipal}, provisioning job {target.JobId}.");
            }
            catch (ZiaException ex)
            {
                connection.Dispose();
                Fail(ex);
                return;
            }
        }
        SessionStore.For(SessionState).Graph = connection;
        WriteVerbose($"Connected to Microsoft Graph at {connection.Root} with {connection.SignedInAs}; the Entra ID cmdlets use this connection when given no sign-in.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
