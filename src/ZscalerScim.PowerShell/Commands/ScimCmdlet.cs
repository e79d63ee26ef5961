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

    /// <summary>The -ResultSize/-All of a listing Get; both at once are refused before any request.</summary>
    internal ResultLimit Limit(int resultSize, bool all)
    {
        if (all && MyInvocation.BoundParameters.ContainsKey("ResultSize"))
        {
            Fail(new ZiaException("ScimResultSizeWithAll", ErrorCategory.InvalidArgument,
                "Give -ResultSize or -All, not both: -All writes every item, -ResultSize at most that many."));
        }
        return new ResultLimit(resultSize, all);
    }

    /// <summary>
    /// A list cut by the default size is a warning (a script written when Get returned everything must not lose the
    /// rest unseen); one cut by a -ResultSize the caller gave is what was asked for, and only traced.
    /// </summary>
    internal void ReportLimit(ResultLimit limit, string what)
    {
        if (!limit.More)
        {
            return;
        }
        if (MyInvocation.BoundParameters.ContainsKey("ResultSize"))
        {
            WriteVerbose($"Stopped at -ResultSize {limit.Size}: the server holds more {what}.");
            return;
        }
        WriteWarning($"The server holds more {what} than the {limit.Size} written: -ResultSize is {limit.Size} by default. Give -All to read every one, or a larger -ResultSize.");
    }
}
