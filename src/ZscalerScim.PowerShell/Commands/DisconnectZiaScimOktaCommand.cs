using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Disconnect, "ZiaScimOkta", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectZiaScimOktaCommand : ZiaCmdlet
{
    /// <summary>The connection to close; by default the runspace's.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [QuietConversion(typeof(OktaConnection))]
    [ValidateNotNull]
    public OktaConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        OktaConnection? connection = Connection ?? SessionStore.Okta;
        if (connection is null)
        {
            WriteVerbose("There is no Okta connection to close.");
            return;
        }
        // The API token stays valid at Okta (revoke it there); this copy of it, or the service app key and token, is forgotten.
        if (!ShouldChange(connection.ToString(), "Close the Okta connection and forget its token"))
        {
            return;
        }
        connection.Dispose();
        if (ReferenceEquals(SessionStore.Okta, connection))
        {
            SessionStore.Okta = null;
        }
        WriteVerbose($"Closed the Okta connection to {connection.Origin}.");
    }
}
