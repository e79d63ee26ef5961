using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Disconnect, "ZiaScimEntra", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectZiaScimEntraCommand : ZiaCmdlet
{
    /// <summary>The connection to close; by default the runspace's.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [QuietConversion(typeof(GraphConnection))]
    [ValidateNotNull]
    public GraphConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        GraphConnection? connection = Connection ?? SessionStore.Graph;
        if (connection is null)
        {
            WriteVerbose("There is no Entra ID connection to close.");
            return;
        }
        // Graph has no sign-out for an app's token: this copy of it (and any secret or certificate it renews with) is forgotten.
        if (!ShouldChange(connection.ToString(), "Close the Entra ID connection and forget its token"))
        {
            return;
        }
        connection.Dispose();
        if (ReferenceEquals(SessionStore.Graph, connection))
        {
            SessionStore.Graph = null;
        }
        WriteVerbose($"Closed the Entra ID connection to {connection.Root}.");
    }
}
