using System.Management.Automation;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>Base of Connect-Zia and Connect-ZiaScim: the transport options every connection takes.</summary>
public abstract class ConnectCmdlet : TransportCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The proxy options, checked against every address the connection calls; fails before anything is sent.</summary>
    internal ProxyOptions CheckProxy(params System.Uri?[] targets)
    {
        ProxyOptions options = ProxyOptions;
        try
        {
            TransportRules.CheckProxy(options, targets);
        }
        catch (ZiaException ex)
        {
            Fail(ex);
        }
        return options;
    }
}
