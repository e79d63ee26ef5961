using System.Management.Automation;
using ZscalerScim.Http;
using ZscalerScim.Internal;

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

    /// <summary>Sign in to the proxy as the current Windows user (NTLM or Kerberos), as Invoke-RestMethod does.</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Seconds one request may take.</summary>
    [Parameter]
    [QuietConversion(typeof(int))]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Retries of a failed call (429, edit lock, 503, dropped connections).</summary>
    [Parameter]
    [QuietConversion(typeof(int))]
    [ValidateRange(0, 10)]
    public int MaxRetry { get; set; } = RetryPolicy.DefaultMaxRetries;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The proxy options, checked against every address the connection calls; fails before anything is sent.</summary>
    internal ProxyOptions CheckProxy(params System.Uri?[] targets)
    {
        ProxyOptions options = new(Proxy, ProxyCredential, ProxyUseDefaultCredentials);
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
