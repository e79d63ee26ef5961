using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Disconnect, "ZiaScim", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectZiaScimCommand : ZiaCmdlet
{
    /// <summary>The connection to close; by default the runspace's connection.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ScimConnection))]
    [ValidateNotNull]
    public ScimConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection? connection = Connection ?? SessionStore.Scim;
        if (connection is null)
        {
            WriteVerbose("There is no SCIM connection to close.");
            return;
        }
        // Nothing to log out at the SCIM server: the bearer token stays valid there; only this copy is forgotten.
        if (!ShouldChange(connection.BaseUrl.ToString(), "Close the SCIM connection and forget its bearer token"))
        {
            return;
        }
        connection.Dispose();
        if (ReferenceEquals(SessionStore.Scim, connection))
        {
            SessionStore.Scim = null;
        }
        WriteVerbose($"Closed the SCIM connection to {connection.BaseUrl}.");
    }
}
