using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Session;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Connect, "Zia", DefaultParameterSetName = FromEnvironment)]
[OutputType(typeof(ZiaSession))]
public sealed class ConnectZiaCommand : ConnectCmdlet
{
    private const string ApiKeyCloud = "ApiKeyCloud", ApiKeyBaseUri = "ApiKeyBaseUri", OneApiSecret = "OneApiSecret",
        OneApiPrivateKey = "OneApiPrivateKey", OneApiCertificate = "OneApiCertificate", FromEnvironment = "Environment";

    [Parameter(Mandatory = true, ParameterSetName = ApiKeyCloud, Position = 0)]
    [Parameter(ParameterSetName = OneApiSecret)]
    [Parameter(ParameterSetName = OneApiPrivateKey)]
    [Parameter(ParameterSetName = OneApiCertificate)]
    [ArgumentCompleter(typeof(CloudCompleter))]
    public string? Cloud { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ApiKeyBaseUri)]
    [Parameter(ParameterSetName = OneApiSecret)]
    [Parameter(ParameterSetName = OneApiPrivateKey)]
    [Parameter(ParameterSetName = OneApiCertificate)]
    [Parameter(ParameterSetName = FromEnvironment)]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ApiKeyCloud)]
    [Parameter(Mandatory = true, ParameterSetName = ApiKeyBaseUri)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ApiKeyCloud)]
    [Parameter(Mandatory = true, ParameterSetName = ApiKeyBaseUri)]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OneApiSecret)]
    [Parameter(Mandatory = true, ParameterSetName = OneApiPrivateKey)]
    [Parameter(Mandatory = true, ParameterSetName = OneApiCertificate)]
    [ValidateNotNullOrEmpty]
    public string? VanityDomain { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OneApiSecret)]
    [Parameter(Mandatory = true, ParameterSetName = OneApiPrivateKey)]
    [Parameter(Mandatory = true, ParameterSetName = OneApiCertificate)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OneApiSecret)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OneApiPrivateKey)]
    [ValidateNotNullOrEmpty]
    public string? PrivateKeyPath { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OneApiCertificate)]
    [QuietConversion(typeof(X509Certificate2))]
    [ValidateNotNull]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Where the organization's identity providers are managed; no API tells it (help: "ZIdentity tenants").</summary>
    [Parameter]
    public ZiaIdentityManagement IdentityManagement { get; set; }

    protected override void EndProcessing()
    {
        ZiaSession session;
        try
        {
            ConnectRequestBuilder builder = new(Environment.GetEnvironmentVariable, GetUnresolvedProviderPathFromPSPath, WriteVerbose);
            ConnectParameters given = new()
            {
                Cloud = Cloud,
                BaseUri = BaseUri,
                Credential = Credential,
                ApiKey = ApiKey,
                VanityDomain = VanityDomain,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                PrivateKeyPath = PrivateKeyPath,
                Certificate = Certificate,
            };
            ConnectRequest request;
            try
            {
                request = builder.Build(given);
            }
            catch (ZiaException ex) when (ex.ErrorId == "ZiaEnvironmentIncomplete" && ConnectPrompt.NothingInEnvironment() && ConnectPrompt.TryAsk(Host, given))
            {
                // At a console with nothing set: asked for the cloud, login and API key instead of failing.
                request = builder.Build(given);
            }
            request.Proxy = CheckProxy(request.Endpoints.Api, request.Endpoints.PortalApi, request.Endpoints.TokenUri);
            request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            request.MaxRetry = MaxRetry;
            session = Run((log, cancel) => ZiaConnector.ConnectAsync(request, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(ex);
            return;
        }

        session.IdentityManagement = IdentityManagement;
        SessionStore.For(SessionState).Zia = session;
        if (PassThru)
        {
            WriteObject(session);
        }
    }

    /// <summary>Only the values the chosen sign-in takes: Zscaler clouds for an API key, production or beta for OneAPI.</summary>
    private sealed class CloudCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool oneApi = fakeBoundParameters.Contains(nameof(VanityDomain)) || fakeBoundParameters.Contains(nameof(ClientId));
            return (oneApi ? ZiaCloud.OneApiNames : ZiaCloud.Names)
                .Where(n => n.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n));
        }
    }
}
