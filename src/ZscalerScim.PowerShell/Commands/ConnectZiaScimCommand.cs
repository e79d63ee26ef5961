using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Portal;
using ZscalerScim.Scim;
using ZscalerScim.Session;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Connect, "ZiaScim", DefaultParameterSetName = WithToken)]
[OutputType(typeof(ScimConnection))]
public sealed class ConnectZiaScimCommand : ConnectCmdlet
{
    private const string WithToken = "BaseUrl", FromIdentityProvider = "IdentityProvider";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = WithToken, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri? BaseUrl { get; set; }

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = WithToken)]
    [ValidateNotNull]
    public SecureString? BearerToken { get; set; }

    /// <summary>Read the base URL and token through the admin API (Get-ZiaScimBaseUrl, Get-ZiaScimBearerToken).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromIdentityProvider, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    [Parameter(ParameterSetName = FromIdentityProvider, ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    [Parameter]
    [QuietConversion(typeof(double))]
    [ValidateRange(0.1, 100)]
    public double RequestsPerSecond { get; set; } = 5;

    protected override void ProcessRecord()
    {
        Uri url;
        SecureString token;
        string? idpName = null;
        long? idpId = null;
        CheckProxy(); // the argument checks, before the admin API is called below
        if (ParameterSetName == WithToken)
        {
            url = BaseUrl!;
            token = BearerToken!;
        }
        else
        {
            ZiaSession? session = Session ?? SessionStore.Zia;
            if (session is null || !session.IsConnected)
            {
                Fail(new ZiaException("ZiaNotConnected", ErrorCategory.ConnectionError,
                    "Connect-ZiaScim -IdentityProvider reads the base URL and token through the admin API: run Connect-Zia first, or pass -Session."));
            }
            ZiaIdentityProvider idp;
            string secret;
            try
            {
                IdentityProviderRef reference = IdentityProviderInput.ToReference(IdentityProvider!);
                idp = Run((log, cancel) => IdentityProviders.ResolveAsync(session!, reference, log, cancel));
                secret = BearerTokens.Read(idp);
                url = ScimEndpoints.For(session!, idp).Endpoint.BaseUrl;
            }
            catch (ZiaException ex)
            {
                ex.Target ??= IdentityProvider;
                Fail(ex);
                return;
            }
            token = SecretText.Protect(secret);
            idpName = idp.Name;
            idpId = idp.Id;
            if (!idp.ScimProvisioning)
            {
                WriteWarning($"SCIM provisioning is off for '{idp.Name}': the server will refuse calls until Enable-ZiaScimProvisioning is activated.");
            }
        }

        if (!url.IsAbsoluteUri || !TransportRules.IsSafe(url))
        {
            Fail(new ZiaException("ScimInsecureBaseUrl", ErrorCategory.SecurityError,
                $"{TransportRules.Display(url)} is not an https address (plain http is allowed only to this machine); the bearer token would cross the network unencrypted. Use https.", "BaseUrl"));
        }
        if (!SecretText.IsToken(token))
        {
            Fail(new ZiaException("ScimInvalidBearerToken", ErrorCategory.InvalidArgument,
                ParameterSetName == WithToken
                    ? "-BearerToken has a space, line break, NUL or other control or non-ASCII character, or is empty; a SCIM bearer token has none. Copy it again from the identity provider's SCIM settings (or read it with Get-ZiaScimBearerToken)."
                    : $"The SCIM bearer token of identity provider '{idpName}' has characters a token cannot have. Create a new one with New-ZiaScimBearerToken.",
                "BearerToken"));
        }
        ProxyOptions proxy = CheckProxy(url);

        HttpPipeline pipeline = new(
            HttpClientFactory.Create(proxy, new CookieContainer()),
            ScimClient.Throttle(url, RequestsPerSecond),
            new RetryPolicy(MaxRetry),
            TimeSpan.FromSeconds(TimeoutSec),
            ScimErrors.From)
        {
            Authorizer = new BearerTokenAuthorizer(token),
        };
        ScimConnection connection = new(url, RequestsPerSecond, pipeline) { IdentityProvider = idpName, IdentityProviderId = idpId };
        WriteVerbose($"SCIM connection to {connection.BaseUrl} at up to {RequestsPerSecond} requests a second.");
        SessionStore.For(SessionState).Scim = connection;
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
