using System.Management.Automation;
using ZscalerScim.Connections;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaSession")]
[OutputType(typeof(ZiaSession))]
public sealed class GetZiaSessionCommand : ZiaCmdlet
{
    protected override void ProcessRecord()
    {
        if (SessionStore.Zia is { } session)
        {
            WriteObject(session);
        }
        else
        {
            WriteVerbose("There is no ZIA session in this runspace; Connect-Zia makes one.");
        }
    }
}
