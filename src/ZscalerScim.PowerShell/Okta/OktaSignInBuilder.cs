using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>The Okta sign-in parameters as given (null: not given), shared by every cmdlet that talks to Okta.</summary>
internal sealed class OktaSignInParameters
{
    public string? Domain { get; set; }

    public SecureString? ApiToken { get; set; }

    public string? ClientId { get; set; }

    public string? PrivateKeyPath { get; set; }

    public X509Certificate2? Certificate { get; set; }
}

/// <summary>
/// Turns the Okta sign-in parameters into a checked <see cref="OktaSignIn"/>; throws before anything is sent. No message
/// repeats a value that fails a check (it may be a secret given to the wrong parameter): it names the parameter.
/// </summary>
internal sealed class OktaSignInBuilder
{
    private readonly Func<string, string> _resolvePath;

    /// <param name="resolvePath">Turns a PowerShell path into a file system path; throws when it cannot.</param>
    public OktaSignInBuilder(Func<string, string> resolvePath) => _resolvePath = resolvePath;

    public OktaSignIn Build(OktaSignInParameters p)
    {
        Uri origin = OktaConnector.Origin(p.Domain ?? string.Empty);
        bool key = p.PrivateKeyPath is not null || p.Certificate is not null;
        if (p.ApiToken is not null && (p.ClientId is not null || key))
        {
            throw Incomplete("Pass either -OktaApiToken, or -OktaClientId with -OktaPrivateKeyPath or -OktaCertificate; not both.", "OktaApiToken");
        }
        if (p.ApiToken is not null)
        {
            return OktaSignIn.WithApiToken(origin, p.ApiToken);
        }
        if (p.ClientId is null)
        {
            throw Incomplete("Okta needs a sign-in: -OktaApiToken (an API token of an admin who may manage the app), or -OktaClientId with -OktaPrivateKeyPath or -OktaCertificate (an API service app with okta.apps.read and okta.apps.manage).", "OktaApiToken");
        }
        if (!Regex.IsMatch(p.ClientId, "^[A-Za-z0-9_\\-]{1,100}$"))
        {
            throw new ZiaException("OktaInvalidClientId", ErrorCategory.InvalidArgument,
                "-OktaClientId is not an Okta client ID (letters, digits, - and _, e.g. 0oa1b2c3d4EXAMPLE). Copy it from the service app's General tab.", "OktaClientId");
        }
        if (p.PrivateKeyPath is not null && p.Certificate is not null)
        {
            throw Incomplete("Pass either -OktaPrivateKeyPath or -OktaCertificate, not both.", "OktaPrivateKeyPath");
        }
        if (!key)
        {
            throw Incomplete("-OktaClientId needs the service app's private key: -OktaPrivateKeyPath (a PEM file) or -OktaCertificate.", "OktaPrivateKeyPath");
        }
        RSA rsa = p.PrivateKeyPath is not null ? Key.Read(p.PrivateKeyPath, _resolvePath) : Key.FromCertificate(p.Certificate!);
        return OktaSignIn.WithServiceApp(origin, p.ClientId, rsa);
    }

    private static ZiaException Incomplete(string message, string parameter) =>
        new("OktaSignInIncomplete", ErrorCategory.InvalidArgument, message, parameter);

    /// <summary>The sign-in with its transport options, checked (the proxy rule included) before anything is sent.</summary>
    public OktaSignIn BuildWith(OktaSignInParameters parameters, ProxyOptions proxy, TimeSpan timeout, int maxRetry)
    {
        OktaSignIn signIn = Build(parameters);
        signIn.Proxy = proxy;
        signIn.Timeout = timeout;
        signIn.MaxRetry = maxRetry;
        TransportRules.CheckProxy(signIn.Proxy, signIn.Origin);
        return signIn;
    }

    private static readonly PrivateKeyFile Key = new("OktaPrivateKeyPath", "Okta", "the Okta service app's");
}
