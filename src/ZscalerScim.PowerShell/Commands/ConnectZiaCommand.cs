using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ZscalerScim.Auth;
using ZscalerScim.Http;
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

    protected override void EndProcessing()
    {
        ConnectRequest request = ParameterSetName == FromEnvironment ? FromEnvironmentVariables() : FromParameters();
        request.Proxy = CheckProxy(request.Endpoints.Api, request.Endpoints.PortalApi, request.Endpoints.TokenUri);
        request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
        request.MaxRetry = MaxRetry;

        ZiaSession session;
        try
        {
            session = Run((log, cancel) => ZiaConnector.ConnectAsync(request, log, cancel));
        }
        catch (ZiaException ex)
        {
            Fail(ex);
            return;
        }

        SessionStore.For(SessionState).Zia = session;
        if (PassThru)
        {
            WriteObject(session);
        }
    }

    private ConnectRequest FromParameters()
    {
        ConnectRequest request = new();
        switch (ParameterSetName)
        {
            case ApiKeyCloud:
            case ApiKeyBaseUri:
                request.AuthType = ZiaAuthType.ApiKey;
                request.Credential = Credential;
                request.ApiKey = CheckApiKey(ApiKey!);
                request.Endpoints = BaseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(BaseUri), oneApi: false) : ZiaCloud.ForApiKey(CheckCloud(Cloud, "-Cloud"));
                break;
            default:
                request.ClientId = CheckClientId(ClientId!, "-ClientId");
                request.Endpoints = OneApiEndpoints(VanityDomain!, Cloud, "-VanityDomain", "-Cloud");
                if (ParameterSetName == OneApiSecret)
                {
                    request.AuthType = ZiaAuthType.OneApiSecret;
                    request.ClientSecret = ClientSecret;
                }
                else
                {
                    request.AuthType = ZiaAuthType.OneApiPrivateKey;
                    request.PrivateKey = ParameterSetName == OneApiPrivateKey ? ReadKey(PrivateKeyPath!) : CertificateKey(Certificate!);
                }
                break;
        }
        return request;
    }

    /// <summary>The variables Zscaler's SDKs and Terraform provider read: OneAPI first, then legacy.</summary>
    private ConnectRequest FromEnvironmentVariables()
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        ConnectRequest request = new();
        if (Env("ZSCALER_CLIENT_ID") is { } clientId)
        {
            FailIfMissing(
                Env("ZSCALER_VANITY_DOMAIN") is null ? "ZSCALER_VANITY_DOMAIN" : null,
                Env("ZSCALER_CLIENT_SECRET") is null && Env("ZSCALER_PRIVATE_KEY") is null ? "ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY" : null);
            WriteVerbose("Connecting with OneAPI credentials from the ZSCALER_* environment variables.");
            request.ClientId = CheckClientId(clientId, "ZSCALER_CLIENT_ID");
            request.Endpoints = OneApiEndpoints(Env("ZSCALER_VANITY_DOMAIN")!, Env("ZSCALER_CLOUD"), "ZSCALER_VANITY_DOMAIN", "ZSCALER_CLOUD");
            if (Env("ZSCALER_PRIVATE_KEY") is { } key)
            {
                request.AuthType = ZiaAuthType.OneApiPrivateKey;
                request.PrivateKey = ReadEnvironmentKey(key);
            }
            else
            {
                request.AuthType = ZiaAuthType.OneApiSecret;
                request.ClientSecret = SecretText.Protect(Env("ZSCALER_CLIENT_SECRET")!);
            }
            return request;
        }

        FailIfMissing(new[] { "ZIA_USERNAME", "ZIA_PASSWORD", "ZIA_API_KEY", BaseUri is null ? "ZIA_CLOUD" : null }
            .Where(n => n is not null && Env(n!) is null).ToArray());
        WriteVerbose("Connecting with an API key from the ZIA_* environment variables.");
        request.AuthType = ZiaAuthType.ApiKey;
        request.Credential = new PSCredential(Env("ZIA_USERNAME")!, SecretText.Protect(Env("ZIA_PASSWORD")!));
        request.ApiKey = CheckApiKey(SecretText.Protect(Env("ZIA_API_KEY")!));
        request.Endpoints = BaseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(BaseUri), oneApi: false) : ZiaCloud.ForApiKey(CheckCloud(Env("ZIA_CLOUD"), "ZIA_CLOUD"));
        return request;
    }

    private void FailIfMissing(params string?[] names)
    {
        string[] missing = names.Where(n => n is not null).Select(n => n!).ToArray();
        if (missing.Length > 0)
        {
            Fail(new ZiaException("ZiaEnvironmentIncomplete", ErrorCategory.InvalidArgument,
                $"Connect-Zia without credentials reads them from environment variables, and these are not set: {string.Join(", ", missing)}. " +
                "Set ZIA_USERNAME, ZIA_PASSWORD, ZIA_API_KEY and ZIA_CLOUD (API key), or ZSCALER_CLIENT_ID, ZSCALER_VANITY_DOMAIN and ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY (OneAPI); or pass credentials as parameters.",
                string.Join(",", missing)));
        }
    }

    // A value that fails a check is never repeated in the error: it may be a secret given to the wrong parameter.
    // The message and target name the parameter (or environment variable) instead.
    private ZiaEndpoints OneApiEndpoints(string vanityDomain, string? cloud, string vanityName, string cloudName)
    {
        if (!Regex.IsMatch(vanityDomain, "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"))
        {
            Fail(new ZiaException("ZiaInvalidVanityDomain", ErrorCategory.InvalidArgument,
                $"{vanityName} is not a vanity domain. Give only the first label of your ZIdentity host, e.g. 'acme' for acme.zslogin.net.", vanityName.TrimStart('-')));
        }
        string environment = (cloud ?? "production").Trim().ToLowerInvariant();
        if (!ZiaCloud.OneApiNames.Contains(environment))
        {
            Fail(new ZiaException("ZiaUnknownCloud", ErrorCategory.InvalidArgument,
                $"{cloudName} is not a OneAPI cloud. With OneAPI, it takes {string.Join(" or ", ZiaCloud.OneApiNames)}.", cloudName.TrimStart('-')));
        }
        return BaseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(BaseUri), oneApi: true) : ZiaCloud.ForOneApi(vanityDomain.ToLowerInvariant(), environment == "beta");
    }

    // A client id is sent and shown in Verbose: refuse what cannot be one (PEM text, a pasted line break).
    private string CheckClientId(string clientId, string name)
    {
        if (!Regex.IsMatch(clientId, "^[\\x21-\\x7E]{1,255}$"))
        {
            Fail(new ZiaException("ZiaInvalidClientId", ErrorCategory.InvalidArgument,
                $"{name} is not a OneAPI client ID: those are up to 255 visible ASCII characters without spaces. Copy it from the API client in ZIdentity.", name.TrimStart('-')));
        }
        return clientId;
    }

    private string CheckCloud(string? cloud, string cloudName)
    {
        if (!ZiaCloud.TryNormalize(cloud, out string name))
        {
            Fail(new ZiaException("ZiaUnknownCloud", ErrorCategory.InvalidArgument,
                $"{cloudName} is not a Zscaler cloud. Use one of: {string.Join(", ", ZiaCloud.Names)} (the admin portal's host, e.g. admin.zscalertwo.net, names it).", cloudName.TrimStart('-')));
        }
        return name;
    }

    private Uri CheckBaseUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Fail(new ZiaException("ZiaInvalidBaseUri", ErrorCategory.InvalidArgument,
                "-BaseUri is not an absolute http or https address, e.g. https://zsapi.zscalertwo.net.", "BaseUri"));
        }
        if (!TransportRules.IsSafe(uri))
        {
            Fail(new ZiaException("ZiaInsecureBaseUri", ErrorCategory.SecurityError,
                $"{TransportRules.Display(uri)} uses plain http to a host that is not this machine; credentials would cross the network unencrypted. Use https.", "BaseUri"));
        }
        return uri;
    }

    private SecureString CheckApiKey(SecureString key)
    {
        if (key.Length < ApiKeyObfuscator.MinimumKeyLength)
        {
            Fail(new ZiaException("ZiaInvalidApiKey", ErrorCategory.InvalidArgument,
                $"The API key has {key.Length} characters; ZIA API keys have at least {ApiKeyObfuscator.MinimumKeyLength}. Copy it again from Administration > Cloud Service API Security.",
                "ApiKey"));
        }
        if (!SecretText.IsToken(key))
        {
            Fail(new ZiaException("ZiaInvalidApiKey", ErrorCategory.InvalidArgument,
                "The API key has a space, line break, control or non-ASCII character; ZIA API keys have none. Copy it again from Administration > Cloud Service API Security.",
                "ApiKey"));
        }
        return key;
    }

    /// <summary>
    /// -PrivateKeyPath takes a file (or PEM text). It may hold the key itself, or another secret, by mistake:
    /// no message, target or inner exception repeats it, and the path is named only once it is a file.
    /// </summary>
    private RSA ReadKey(string path)
    {
        string? file = null;
        try
        {
            if (RsaPem.IsPemText(path))
            {
                return RsaPem.Read(path);
            }
            string resolved = GetUnresolvedProviderPathFromPSPath(path);
            if (!System.IO.File.Exists(resolved))
            {
                Fail(KeyFileNotFound());
            }
            file = resolved;
            return RsaPem.Read(RsaPem.ReadText(resolved));
        }
        catch (Exception ex) when (IsKeyReadFailure(ex))
        {
            if (file is null && ex is not FormatException)
            {
                // The provider could not resolve it (no such drive, illegal characters): it names no file.
                Fail(KeyFileNotFound());
            }
            // RsaPem's own messages never quote the key; anything else may quote the value, so only its type is shown.
            string why = ex is FormatException ? ex.Message : ex.GetType().Name;
            Fail(new ZiaException("ZiaInvalidPrivateKey", ErrorCategory.InvalidData,
                file is null
                    ? $"Could not read the OneAPI private key given to -PrivateKeyPath: {why} Give the path of an unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----)."
                    : $"Could not read the OneAPI private key '{file}': {why}",
                file ?? "PrivateKeyPath"));
            throw;
        }
    }

    private static ZiaException KeyFileNotFound() => new("ZiaPrivateKeyNotFound", ErrorCategory.ObjectNotFound,
        "-PrivateKeyPath names no file. Give the path of the client's unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----).", "PrivateKeyPath");

    /// <summary>
    /// ZSCALER_PRIVATE_KEY holds PEM text or a file path. Its value may be the key itself (quoted, bare base64),
    /// so no message or target ever repeats it: only the variable's name.
    /// </summary>
    private RSA ReadEnvironmentKey(string value)
    {
        string text = value.Trim().Trim('"', '\'', '\uFEFF').Replace("\\n", "\n");
        bool looksLikeKey = text.IndexOf("BEGIN", StringComparison.Ordinal) >= 0 || text.IndexOf('\n') >= 0 || text.Length > 400;
        try
        {
            return RsaPem.Read(looksLikeKey ? text : RsaPem.ReadText(GetUnresolvedProviderPathFromPSPath(text)));
        }
        catch (Exception ex) when (IsKeyReadFailure(ex))
        {
            Fail(new ZiaException("ZiaInvalidPrivateKey", ErrorCategory.InvalidData,
                $"Could not read the OneAPI private key from ZSCALER_PRIVATE_KEY ({(looksLikeKey ? "PEM text" : "a file path")}; {ex.GetType().Name}). " +
                "Set it to an unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----) or to the path of such a file.", "ZSCALER_PRIVATE_KEY"));
            throw;
        }
    }

    private static bool IsKeyReadFailure(Exception ex) =>
        ex is FormatException || ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is CryptographicException ||
        ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException || ex is NotSupportedException;

    private RSA CertificateKey(X509Certificate2 certificate)
    {
        RSA? key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (key is null)
        {
            Fail(new ZiaException("ZiaInvalidPrivateKey", ErrorCategory.InvalidArgument,
                $"The certificate {certificate.Thumbprint} has no RSA private key this process can use.", certificate));
        }
        return key!;
    }

    private sealed class CloudCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ZiaCloud.Names.Concat(ZiaCloud.OneApiNames)
                .Where(n => n.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n));
    }
}
