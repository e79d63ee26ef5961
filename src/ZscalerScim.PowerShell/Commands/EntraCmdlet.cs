using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Connections;
using ZscalerScim.Entra;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Every Microsoft Graph sign-in parameter, in one parameter set per method (Connect-ZiaScimEntra, and through
/// <see cref="EntraCmdlet"/> every Entra ID cmdlet).
/// </summary>
public abstract class EntraSignInCmdlet : TransportCmdlet
{
    internal const string AccessTokenSet = "AccessToken", ClientSecretSet = "ClientSecret", CertificateSet = "Certificate", ManagedIdentitySet = "ManagedIdentity";

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
}

/// <summary>
/// Base of the cmdlets that call Microsoft Graph: the sign-in parameters of <see cref="EntraSignInCmdlet"/>, or (the
/// default set) a connection: -EntraConnection, else the runspace's from Connect-ZiaScimEntra.
/// </summary>
public abstract class EntraCmdlet : EntraSignInCmdlet
{
    internal const string ConnectionSet = "Connection";

    private GraphConnection? _graph;
    private bool _owned;

    /// <summary>A connection from Connect-ZiaScimEntra -PassThru; by default the runspace's.</summary>
    [Parameter(ParameterSetName = ConnectionSet)]
    [QuietConversion(typeof(GraphConnection))]
    [ValidateNotNull]
    public GraphConnection? EntraConnection { get; set; }

    /// <summary>The connection of the Connection set (given or the runspace's), read on the pipeline thread; null in a sign-in set.</summary>
    internal GraphConnection? StoredGraph => ParameterSetName == ConnectionSet ? EntraConnection ?? SessionStore.Graph : null;

    /// <summary>The enterprise application named, else the one Connect-ZiaScimEntra -ServicePrincipal remembered; stops the command without one.</summary>
    internal string ServicePrincipalOrDefault(string? given)
    {
        if (ParameterSetName == ConnectionSet && StoredGraph is null)
        {
            Graph(); // stops with EntraNotConnected: the missing connection is the first thing to fix
        }
        if (given is { Length: > 0 })
        {
            return given;
        }
        if (StoredGraph?.ServicePrincipal is { } remembered)
        {
            return remembered;
        }
        Fail(new ZiaException("EntraServicePrincipalNotGiven", ErrorCategory.InvalidArgument,
            "Name the enterprise application with -ServicePrincipal (object id or display name), or connect with Connect-ZiaScimEntra -ServicePrincipal. Nothing was changed.",
            "ServicePrincipal"));
        return string.Empty;
    }

    /// <summary>The job named, else the one Connect-ZiaScimEntra -JobId remembered for the same application.</summary>
    internal string? JobIdOrDefault(string? given, string? servicePrincipal) =>
        given ?? (servicePrincipal is null || string.Equals(servicePrincipal, StoredGraph?.ServicePrincipal, StringComparison.OrdinalIgnoreCase) ? StoredGraph?.JobId : null);

    /// <summary>
    /// The Graph connection: the Connection set's (never closed here), or one signed in at the first call with the given
    /// parameters; a failed sign-in or a missing connection stops the command (nothing can go on).
    /// </summary>
    internal GraphConnection Graph()
    {
        if (_graph is null && ParameterSetName == ConnectionSet)
        {
            GraphConnection? stored = StoredGraph;
            if (stored is null)
            {
                Fail(new ZiaException("EntraNotConnected", ErrorCategory.ConnectionError,
                    "There is no Entra ID connection in this runspace. Run Connect-ZiaScimEntra first, or sign in with -GraphAccessToken, -ClientSecret, -Certificate or -ManagedIdentity. Nothing was changed."));
            }
            if (stored!.Disposed)
            {
                Fail(new ZiaException("EntraConnectionClosed", ErrorCategory.ConnectionError,
                    "This Entra ID connection was closed (Disconnect-ZiaScimEntra). Run Connect-ZiaScimEntra again.", stored));
            }
            _graph = stored;
        }
        if (_graph is null)
        {
            _owned = true;
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

    protected override void EndProcessing()
    {
        if (_owned)
        {
            _graph?.Dispose();
        }
    }
}
