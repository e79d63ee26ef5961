using System;
using System.Management.Automation;
using System.Security;
using ZscalerScim.Connections;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Portal;
using ZscalerScim.Scim;

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
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    [Parameter(ParameterSetName = FromIdentityProvider, ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    /// <summary>By default the server's own limit: 5 for ZIA's SCIM server, 50 for ZIdentity's (from the base URL's form).</summary>
    [Parameter]
    [QuietConversion(typeof(double))]
    [ValidateRange(0.1, 100)]
    public double RequestsPerSecond { get; set; }

    protected override void ProcessRecord()
    {
        CheckProxy(); // the argument checks, before the admin API is called below
        ScimConnectRequest request;
        ScimConnection connection;
        try
        {
            if (ParameterSetName == WithToken)
            {
                request = new ScimConnectRequest(BaseUrl!, BearerToken!);
            }
            else
            {
                ZiaSession session = ResolveZiaSession(Session, "Connect-ZiaScim -IdentityProvider reads the base URL and token through the ZIA admin API");
                IdentityProviderRef reference = IdentityProviderInput.ToReference(IdentityProvider!);
                request = Run((log, cancel) => ScimConnector.FromIdentityProviderAsync(session, reference, log, cancel));
                if (!request.IdentityProvider!.ScimProvisioning)
                {
                    WriteWarning($"SCIM provisioning is off for '{request.IdentityProvider.Name}': the server will refuse calls until Enable-ZiaScimProvisioning is activated.");
                }
            }
            request.Proxy = ProxyOptions;
            request.RequestsPerSecond = RequestsPerSecond;
            request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            request.MaxRetry = MaxRetry;
            connection = ScimConnector.Connect(request);
        }
        catch (ZiaException ex)
        {
            ex.Target ??= IdentityProvider;
            Fail(ex);
            return;
        }
        WriteVerbose($"SCIM connection to {connection.BaseUrl} ({connection.Kind} SCIM server) at up to {connection.RequestsPerSecond} requests a second.");
        SessionStore.For(SessionState).Scim = connection;
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
