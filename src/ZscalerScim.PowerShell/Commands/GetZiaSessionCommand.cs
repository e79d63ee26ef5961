using System.Management.Automation;
using ZscalerScim.Connections;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaSession")]
[OutputType(typeof(ZiaSession))]
[OutputType(typeof(ZiaSession), typeof(ScimConnection), typeof(GraphConnection), typeof(OktaConnection), ParameterSetName = new[] { "All" })]
public sealed class GetZiaSessionCommand : ZiaCmdlet
{
    /// <summary>Also the runspace's SCIM, Entra ID and Okta connections (Connect-ZiaScim, Connect-ZiaScimEntra, Connect-ZiaScimOkta).</summary>
    [Parameter(ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

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
        if (!All)
        {
            return;
        }
        // Closed connections are forgotten by Disconnect-*; one closed another way is not shown as usable.
        if (SessionStore.Scim is { } scim)
        {
            WriteObject(scim);
        }
        if (SessionStore.Graph is { Disposed: false } graph)
        {
            WriteObject(graph);
        }
        if (SessionStore.Okta is { Disposed: false } okta)
        {
            WriteObject(okta);
        }
    }
}
