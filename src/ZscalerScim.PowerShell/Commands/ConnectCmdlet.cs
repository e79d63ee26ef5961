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
        if (Proxy is not null && (!Proxy.IsAbsoluteUri || (Proxy.Scheme != System.Uri.UriSchemeHttp && Proxy.Scheme != System.Uri.UriSchemeHttps)))
        {
            Fail(new ZiaException("ZiaInvalidProxy", ErrorCategory.InvalidArgument,
                "-Proxy takes the proxy's absolute http or https address, e.g. http://proxy.acme.com:8080.", "Proxy"));
        }
        if (ProxyCredential is not null && ProxyUseDefaultCredentials)
        {
            Fail(new ZiaException("ZiaProxyCredentialConflict", ErrorCategory.InvalidArgument,
                "Pass either -ProxyCredential or -ProxyUseDefaultCredentials, not both.", "ProxyCredential"));
        }
        foreach (System.Uri? target in targets)
        {
            // Without -Proxy the system's proxy (HTTP_PROXY, the Windows settings) carries the call.
            System.Uri? via = target is null ? null : Proxy ?? SystemProxy(target);
            if (via is not null && !TransportRules.IsSafe(target!, via))
            {
                Fail(new ZiaException("ZiaInsecureProxy", ErrorCategory.SecurityError,
                    $"{TransportRules.Display(target!)} uses plain http, and the {(Proxy is null ? "system's proxy" : "proxy")} {TransportRules.Display(via)} is not on this machine: " +
                    "it would read the credentials and tokens of every call. Use https, or a proxy on this machine" +
                    (Proxy is null ? ", or exempt this host from the system's proxy (NO_PROXY, or the bypass list of the Windows proxy settings)." : ", or no -Proxy."),
                    "Proxy"));
            }
        }
        return new ProxyOptions(Proxy, ProxyCredential, ProxyUseDefaultCredentials);
    }

    /// <summary>The system's proxy for a plain-http address, or null when there is none or the address bypasses it.</summary>
    private static System.Uri? SystemProxy(System.Uri target)
    {
        // Only plain http needs it: https is safe through any proxy, and asking could start a slow proxy auto-detection.
        if (target.Scheme != System.Uri.UriSchemeHttp || System.Net.WebRequest.DefaultWebProxy is not { } system || system.IsBypassed(target))
        {
            return null;
        }
        System.Uri? proxy = system.GetProxy(target);
        return proxy is null || proxy == target ? null : proxy;
    }
}
