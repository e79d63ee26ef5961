using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using ZscalerScim.Http;

namespace ZscalerScim.Session;

/// <summary>What Connect-Zia gathered from its parameters or the environment.</summary>
internal sealed class ConnectRequest
{
    public ZiaEndpoints Endpoints { get; set; } = null!;

    public ZiaAuthType AuthType { get; set; }

    public PSCredential? Credential { get; set; }

    public SecureString? ApiKey { get; set; }

    public string? ClientId { get; set; }

    public SecureString? ClientSecret { get; set; }

    public RSA? PrivateKey { get; set; }

    public ProxyOptions Proxy { get; set; } = ProxyOptions.None;

    public TimeSpan Timeout { get; set; }

    public int MaxRetry { get; set; }
}
