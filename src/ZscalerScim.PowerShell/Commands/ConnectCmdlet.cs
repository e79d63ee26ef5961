using System.Management.Automation;
using ZscalerScim.Http;

namespace ZscalerScim.Commands;

/// <summary>Base of Connect-Zia and Connect-ZiaScim: the transport options every connection takes.</summary>
public abstract class ConnectCmdlet : ZiaCmdlet
{
    [Parameter]
    [ValidateNotNull]
    public System.Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Seconds one request may take.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Retries of a failed call (429, edit lock, 503, dropped connections).</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetry { get; set; } = RetryPolicy.DefaultMaxRetries;

    [Parameter]
    public SwitchParameter PassThru { get; set; }
}
