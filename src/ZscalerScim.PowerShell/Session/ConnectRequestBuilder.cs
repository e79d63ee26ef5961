using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Session;

/// <summary>Connect-Zia's sign-in parameters as given (null: not given). No parameter at all reads the environment.</summary>
internal sealed class ConnectParameters
{
    public string? Cloud { get; set; }

    public Uri? BaseUri { get; set; }

    public PSCredential? Credential { get; set; }

    public SecureString? ApiKey { get; set; }

    public string? VanityDomain { get; set; }

    public string? ClientId { get; set; }

    public SecureString? ClientSecret { get; set; }

    public string? PrivateKeyPath { get; set; }

    public X509Certificate2? Certificate { get; set; }
}

/// <summary>
/// Turns Connect-Zia's parameters, or the environment variables Zscaler's SDKs read, into a checked
/// <see cref="ConnectRequest"/>. Throws a <see cref="ZiaException"/> before anything is sent. A value that fails a
/// check is never repeated in the error, since it may be a secret given to the wrong parameter: the message and
/// target name the parameter (or variable) instead.
/// </summary>
internal sealed class ConnectRequestBuilder
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string, string> _resolvePath;
    private readonly Action<string> _verbose;

    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="resolvePath">Turns a PowerShell path (relative, ~, a drive) into a file system path; throws when it cannot.</param>
    /// <param name="verbose">Says where the credentials came from.</param>
    public ConnectRequestBuilder(Func<string, string?> environment, Func<string, string> resolvePath, Action<string> verbose)
    {
        _environment = environment;
        _resolvePath = resolvePath;
        _verbose = verbose;
    }

    public ConnectRequest Build(ConnectParameters p)
    {
        ConnectRequest request = new();
        if (p.Credential is not null)
        {
            request.AuthType = ZiaAuthType.ApiKey;
            request.Credential = p.Credential;
            request.ApiKey = CheckApiKey(p.ApiKey!);
            request.Endpoints = p.BaseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(p.BaseUri), oneApi: false) : ZiaCloud.ForApiKey(CheckCloud(p.Cloud, "-Cloud"));
        }
        else if (p.ClientId is not null)
        {
            request.ClientId = CheckClientId(p.ClientId, "-ClientId");
            request.Endpoints = OneApiEndpoints(p.VanityDomain!, p.Cloud, p.BaseUri, "-VanityDomain", "-Cloud");
            if (p.ClientSecret is not null)
            {
                request.AuthType = ZiaAuthType.OneApiSecret;
                request.ClientSecret = p.ClientSecret;
            }
            else
            {
                request.AuthType = ZiaAuthType.OneApiPrivateKey;
                request.PrivateKey = p.PrivateKeyPath is not null ? Key.Read(p.PrivateKeyPath, _resolvePath) : Key.FromCertificate(p.Certificate!);
            }
        }
        else
        {
            request = FromEnvironment(p.BaseUri);
        }
        return request;
    }

    /// <summary>The variables Zscaler's SDKs and Terraform provider read: OneAPI first, then legacy.</summary>
    private ConnectRequest FromEnvironment(Uri? baseUri)
    {
        string? Env(string name) => _environment(name) is { Length: > 0 } v ? v : null;
        ConnectRequest request = new();
        if (Env("ZSCALER_CLIENT_ID") is { } clientId)
        {
            FailIfMissing(
                Env("ZSCALER_VANITY_DOMAIN") is null ? "ZSCALER_VANITY_DOMAIN" : null,
                Env("ZSCALER_CLIENT_SECRET") is null && Env("ZSCALER_PRIVATE_KEY") is null ? "ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY" : null);
            _verbose("Connecting with OneAPI credentials from the ZSCALER_* environment variables.");
            request.ClientId = CheckClientId(clientId, "ZSCALER_CLIENT_ID");
            request.Endpoints = OneApiEndpoints(Env("ZSCALER_VANITY_DOMAIN")!, Env("ZSCALER_CLOUD"), baseUri, "ZSCALER_VANITY_DOMAIN", "ZSCALER_CLOUD");
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

        FailIfMissing(new[] { "ZIA_USERNAME", "ZIA_PASSWORD", "ZIA_API_KEY", baseUri is null ? "ZIA_CLOUD" : null }
            .Where(n => n is not null && Env(n!) is null).ToArray());
        _verbose("Connecting with an API key from the ZIA_* environment variables.");
        request.AuthType = ZiaAuthType.ApiKey;
        request.Credential = new PSCredential(Env("ZIA_USERNAME")!, SecretText.Protect(Env("ZIA_PASSWORD")!));
        request.ApiKey = CheckApiKey(SecretText.Protect(Env("ZIA_API_KEY")!));
        request.Endpoints = baseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(baseUri), oneApi: false) : ZiaCloud.ForApiKey(CheckCloud(Env("ZIA_CLOUD"), "ZIA_CLOUD"));
        return request;
    }

    private static void FailIfMissing(params string?[] names)
    {
        string[] missing = names.Where(n => n is not null).Select(n => n!).ToArray();
        if (missing.Length > 0)
        {
            throw new ZiaException("ZiaEnvironmentIncomplete", ErrorCategory.InvalidArgument,
                $"Connect-Zia without credentials reads them from environment variables, and these are not set: {string.Join(", ", missing)}. " +
                "Set ZIA_USERNAME, ZIA_PASSWORD, ZIA_API_KEY and ZIA_CLOUD (API key), or ZSCALER_CLIENT_ID, ZSCALER_VANITY_DOMAIN and ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY (OneAPI); or pass credentials as parameters.",
                string.Join(",", missing));
        }
    }

    private static ZiaEndpoints OneApiEndpoints(string vanityDomain, string? cloud, Uri? baseUri, string vanityName, string cloudName)
    {
        if (!Regex.IsMatch(vanityDomain, "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"))
        {
            throw new ZiaException("ZiaInvalidVanityDomain", ErrorCategory.InvalidArgument,
                $"{vanityName} is not a vanity domain. Give only the first label of your ZIdentity host, e.g. 'acme' for acme.zslogin.net.", vanityName.TrimStart('-'));
        }
        string environment = (cloud ?? "production").Trim().ToLowerInvariant();
        if (!ZiaCloud.OneApiNames.Contains(environment))
        {
            throw new ZiaException("ZiaUnknownCloud", ErrorCategory.InvalidArgument,
                $"{cloudName} is not a OneAPI cloud. With OneAPI, it takes {string.Join(" or ", ZiaCloud.OneApiNames)}.", cloudName.TrimStart('-'));
        }
        return baseUri is not null ? ZiaCloud.ForOrigin(CheckBaseUri(baseUri), oneApi: true) : ZiaCloud.ForOneApi(vanityDomain.ToLowerInvariant(), environment == "beta");
    }

    // A client id is sent and shown in Verbose: refuse what cannot be one (PEM text, a pasted line break).
    private static string CheckClientId(string clientId, string name)
    {
        if (!Regex.IsMatch(clientId, "^[\\x21-\\x7E]{1,255}$"))
        {
            throw new ZiaException("ZiaInvalidClientId", ErrorCategory.InvalidArgument,
                $"{name} is not a OneAPI client ID: those are up to 255 visible ASCII characters without spaces. Copy it from the API client in ZIdentity.", name.TrimStart('-'));
        }
        return clientId;
    }

    private static string CheckCloud(string? cloud, string cloudName)
    {
        if (!ZiaCloud.TryNormalize(cloud, out string name))
        {
            throw new ZiaException("ZiaUnknownCloud", ErrorCategory.InvalidArgument,
                $"{cloudName} is not a Zscaler cloud. Use one of: {string.Join(", ", ZiaCloud.Names)} (the admin portal's host, e.g. admin.zscalertwo.net, names it).", cloudName.TrimStart('-'));
        }
        return name;
    }

    private static Uri CheckBaseUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ZiaException("ZiaInvalidBaseUri", ErrorCategory.InvalidArgument,
                "-BaseUri is not an absolute http or https address, e.g. https://zsapi.zscalertwo.net.", "BaseUri");
        }
        if (!TransportRules.IsSafe(uri))
        {
            throw new ZiaException("ZiaInsecureBaseUri", ErrorCategory.SecurityError,
                $"{TransportRules.Display(uri)} uses plain http to a host that is not this machine; credentials would cross the network unencrypted. Use https.", "BaseUri");
        }
        return uri;
    }

    private static SecureString CheckApiKey(SecureString key)
    {
        if (key.Length < ApiKeyObfuscator.MinimumKeyLength)
        {
            throw new ZiaException("ZiaInvalidApiKey", ErrorCategory.InvalidArgument,
                $"The API key has {key.Length} characters; ZIA API keys have at least {ApiKeyObfuscator.MinimumKeyLength}. Copy it again from Administration > Cloud Service API Security.",
                "ApiKey");
        }
        if (!SecretText.IsToken(key))
        {
            throw new ZiaException("ZiaInvalidApiKey", ErrorCategory.InvalidArgument,
                "The API key has a space, line break, control or non-ASCII character; ZIA API keys have none. Copy it again from Administration > Cloud Service API Security.",
                "ApiKey");
        }
        return key;
    }

    private static readonly PrivateKeyFile Key = new("PrivateKeyPath", "Zia", "the OneAPI client's");

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
            return RsaPem.Read(looksLikeKey ? text : RsaPem.ReadText(_resolvePath(text)));
        }
        catch (Exception ex) when (PrivateKeyFile.IsReadFailure(ex))
        {
            throw new ZiaException("ZiaInvalidPrivateKey", ErrorCategory.InvalidData,
                $"Could not read the OneAPI private key from ZSCALER_PRIVATE_KEY ({(looksLikeKey ? "PEM text" : "a file path")}; {ex.GetType().Name}). " +
                "Set it to an unencrypted RSA key in PEM (-----BEGIN PRIVATE KEY-----) or to the path of such a file.", "ZSCALER_PRIVATE_KEY");
        }
    }
}
