using System.Management.Automation;
using ZscalerScim.Connections;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimConnection")]
[OutputType(typeof(ScimConnection))]
public sealed class GetZiaScimConnectionCommand : ZiaCmdlet
{
    protected override void ProcessRecord()
    {
        if (SessionStore.Scim is { } connection)
        {
            WriteObject(connection);
        }
        else
        {
            WriteVerbose("There is no SCIM connection in this runspace; Connect-ZiaScim makes one.");
        }
    }
}
