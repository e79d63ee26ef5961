using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Entra;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Base of the cmdlets that call Microsoft Graph: every sign-in parameter, in one parameter set per method, and the
/// connection they give. A new Entra ID cmdlet (a token rotation) derives from it and offers the same sign-in.
/// </summary>
public abstract class EntraCmdlet : TransportCmdlet
{
    internal const string AccessTokenSet = "AccessToken", ClientSecretSet = "ClientSecret", CertificateSet = "Certificate", ManagedIdentitySet = "ManagedIdentity";

    private GraphConnection? _graph;

    /// <summary>A Graph token the caller has, e.g. (Get-AzAccessToken -ResourceTypeName MSGraph -AsSecureString).Token.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [ValidateNotNull]
    public SecureString? GraphAccessToken { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? TenantId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [QuietConversion(typeof(X509Certificate2))]
    [ValidateNotNull]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Sign in as the managed identity of the Azure Automation account (IDENTITY_ENDPOINT, IDENTITY_HEADER).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
    public SwitchParameter ManagedIdentity { get; set; }

    /// <summary>The client id of a user-assigned managed identity; omit it for the system-assigned one.</summary>
    [Parameter(ParameterSetName = ManagedIdentitySet)]
    [ValidateNotNullOrEmpty]
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Microsoft Graph's origin; another for a national cloud (https://graph.microsoft.us).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? GraphEndpoint { get; set; }

    /// <summary>The Microsoft identity platform's origin; another for a national cloud (https://login.microsoftonline.us).</summary>
    [Parameter(ParameterSetName = ClientSecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [ValidateNotNull]
    public Uri? LoginEndpoint { get; set; }

    /// <summary>The sign-in the bound parameters describe.</summary>
    internal GraphSignIn BuildSignIn()
    {
        GraphSignInMethod method = ParameterSetName switch
        {
            ClientSecretSet => GraphSignInMethod.ClientSecret,
            CertificateSet => GraphSignInMethod.Certificate,
            ManagedIdentitySet => GraphSignInMethod.ManagedIdentity,
            _ => GraphSignInMethod.AccessToken,
        };
        GraphSignIn signIn = new(method)
        {
            AccessToken = GraphAccessToken,
            TenantId = TenantId,
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            Certificate = Certificate,
            ManagedIdentityClientId = ManagedIdentityClientId,
            Proxy = ProxyOptions,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetry = MaxRetry,
        };
        if (GraphEndpoint is not null)
        {
            signIn.GraphEndpoint = GraphEndpoint;
        }
        if (LoginEndpoint is not null)
        {
            signIn.LoginEndpoint = LoginEndpoint;
        }
        if (method == GraphSignInMethod.ManagedIdentity)
        {
            signIn.ReadManagedIdentityEnvironment(Environment.GetEnvironmentVariable);
        }
        return signIn;
    }

    /// <summary>The Graph connection, signed in at the first call; a failed sign-in stops the command (nothing can go on).</summary>
    internal GraphConnection Graph()
    {
        if (_graph is null)
        {
            GraphSignIn signIn = BuildSignIn();
            try
            {
                _graph = Run((log, cancel) => GraphConnector.ConnectAsync(signIn, log, cancel));
            }
            catch (ZiaException ex)
            {
                Fail(ex);
            }
        }
        return _graph!;
    }

    protected override void EndProcessing() => _graph?.Dispose();
}
