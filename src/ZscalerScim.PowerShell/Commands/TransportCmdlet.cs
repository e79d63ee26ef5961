using System.Management.Automation;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Base of every cmdlet that opens its own connection (Connect-Zia, Connect-ZiaScim, the Entra ID and Okta cmdlets):
/// the proxy and the timeouts, declared once.
/// </summary>
public abstract class TransportCmdlet : ZiaCmdlet
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

    internal ProxyOptions ProxyOptions => new(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials);
}
