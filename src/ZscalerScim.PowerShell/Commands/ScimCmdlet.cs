using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>Base of the SCIM client cmdlets: the -Connection parameter and its default.</summary>
public abstract class ScimCmdlet : ZiaCmdlet
{
    /// <summary>The SCIM connection to use; by default the runspace's connection from the last Connect-ZiaScim.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ScimConnection))]
    [ValidateNotNull]
    public ScimConnection? Connection { get; set; }

    internal ScimConnection ResolveConnection()
    {
        ScimConnection? connection = Connection ?? SessionStore.Scim;
        if (connection is null)
        {
            Fail(new ZiaException("ScimNotConnected", ErrorCategory.ConnectionError,
                "There is no SCIM connection in this runspace. Run Connect-ZiaScim first, or pass -Connection."));
        }
        if (!connection!.IsConnected)
        {
            Fail(new ZiaException("ScimConnectionClosed", ErrorCategory.ConnectionError,
                "This SCIM connection was closed with Disconnect-ZiaScim. Run Connect-ZiaScim again.", connection));
        }
        return connection;
    }
}
