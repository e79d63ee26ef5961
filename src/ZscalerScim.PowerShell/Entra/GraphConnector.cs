using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>Signs in to Microsoft Graph as ScimConnector opens a SCIM connection: checks first, then one pipeline with a token source.</summary>
internal static class GraphConnector
{
    /// <summary>Checks the endpoints and proxy (nothing sent), builds the pipeline and gets the first token, so that a bad sign-in fails here.</summary>
    public static async Task<GraphConnection> ConnectAsync(GraphSignIn signIn, OperationLog log, CancellationToken cancel)
    {
        List<Uri> targets = new() { signIn.GraphEndpoint };
        switch (signIn.Method)
        {
            case GraphSignInMethod.AccessToken:
                if (signIn.AccessToken is null || !SecretText.IsToken(signIn.AccessToken))
                {
                    throw new ZiaException("EntraInvalidAccessToken", ErrorCategory.InvalidArgument,
                        "-GraphAccessToken is empty or has a space, line break or other character an access token cannot have. Pass the SecureString of Get-AzAccessToken -ResourceTypeName MSGraph -AsSecureString (its Token property).",
                        "GraphAccessToken");
                }
                break;
            case GraphSignInMethod.ClientSecret:
            case GraphSignInMethod.Certificate:
                RequireText(signIn.TenantId, "TenantId");
                RequireText(signIn.ClientId, "ClientId");
                targets.Add(signIn.LoginEndpoint);
                break;
            case GraphSignInMethod.ManagedIdentity:
                if (signIn.IdentityEndpoint is null || signIn.IdentityHeader is null || signIn.IdentityHeader.Length == 0)
                {
                    throw new ZiaException("EntraManagedIdentityUnavailable", ErrorCategory.ResourceUnavailable,
                        "-ManagedIdentity needs the environment variables IDENTITY_ENDPOINT and IDENTITY_HEADER that Azure Automation (and App Service) set for a runbook whose account has a managed identity. Turn the identity on under the Automation account's Identity, or sign in with -ClientSecret or -Certificate.",
                        "ManagedIdentity");
                }
                targets.Add(signIn.IdentityEndpoint);
                break;
        }
        foreach (Uri target in targets)
        {
            if (!target.IsAbsoluteUri || !TransportRules.IsSafe(target))
            {
                throw new ZiaException("EntraInsecureEndpoint", ErrorCategory.SecurityError,
                    $"{TransportRules.Display(target)} is not an https address (plain http is allowed only to this machine); tokens would cross the network unencrypted. Use https.",
                    target);
            }
        }
        TransportRules.CheckProxy(signIn.Proxy, targets.ToArray());

        HttpPipeline pipeline = new(
            HttpClientFactory.Create(signIn.Proxy, new CookieContainer()),
            // Graph throttles by answering 429 with Retry-After; the pipeline waits as told, so no client-side budget.
            new RequestThrottle(new Dictionary<string, RateLimit[]>()),
            new RetryPolicy(signIn.MaxRetry),
            signIn.Timeout,
            GraphErrors.Read);
        try
        {
            RenewingBearerToken authorizer = signIn.Method switch
            {
                GraphSignInMethod.AccessToken => new RenewingBearerToken(signIn.AccessToken!),
                GraphSignInMethod.ManagedIdentity => new RenewingBearerToken((l, c) => ManagedIdentityTokenAsync(pipeline, signIn, l, c)),
                _ => new RenewingBearerToken((l, c) => ClientCredentialsTokenAsync(pipeline, signIn, l, c)),
            };
            pipeline.Authorizer = authorizer;
            log.Verbose($"Signing in to Microsoft Graph at {TransportRules.Display(signIn.GraphEndpoint)} with {signIn}.");
            await authorizer.AcquireAsync(log, cancel).ConfigureAwait(false);
            return new GraphConnection(signIn.GraphEndpoint, pipeline, signIn.ToString());
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    private static async Task<IssuedToken> ClientCredentialsTokenAsync(HttpPipeline pipeline, GraphSignIn signIn, OperationLog log, CancellationToken cancel)
    {
        Uri tokenUri = signIn.TokenUri;
        List<KeyValuePair<string, string>> form = new()
        {
            new("grant_type", "client_credentials"),
            new("client_id", signIn.ClientId!),
            new("scope", GraphWire.GraphScope),
        };
        if (signIn.Method == GraphSignInMethod.Certificate)
        {
            using RSA key = PrivateKey(signIn);
            form.Add(new("client_assertion_type", ClientAssertion.AssertionType));
            form.Add(new("client_assertion", ClientAssertion.Create(signIn.ClientId!, key, DateTimeOffset.UtcNow, tokenUri.ToString(), signIn.Certificate!.GetCertHash())));
        }
        else
        {
            form.Add(new("client_secret", SecretText.Reveal(signIn.ClientSecret!)));
        }
        log.Verbose($"Requesting a Microsoft Graph token from {TransportRules.Display(tokenUri)} for {signIn}.");
        ApiResponse answer = await pipeline.SendAsync(new ApiRequest(HttpMethod.Post, tokenUri) { Form = form, Authorize = false }, log, cancel).ConfigureAwait(false);
        return ReadToken(answer, tokenUri, log);
    }

    private static RSA PrivateKey(GraphSignIn signIn)
    {
        try
        {
            if (signIn.Certificate!.GetRSAPrivateKey() is { } key)
            {
                return key;
            }
        }
        catch (CryptographicException)
        {
            // Not readable by this account: reported below.
        }
        throw new ZiaException("EntraCertificateNoPrivateKey", ErrorCategory.InvalidArgument,
            $"The certificate {signIn.Certificate!.Thumbprint} has no RSA private key this account can use. Pass the certificate from Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My that holds its key (and grant the account access to it).",
            "Certificate");
    }

    private static async Task<IssuedToken> ManagedIdentityTokenAsync(HttpPipeline pipeline, GraphSignIn signIn, OperationLog log, CancellationToken cancel)
    {
        string query = $"resource={Uri.EscapeDataString(GraphWire.GraphResource)}&api-version={GraphWire.ManagedIdentityApiVersion}";
        if (signIn.ManagedIdentityClientId is { Length: > 0 } clientId)
        {
            query += "&client_id=" + Uri.EscapeDataString(clientId);
        }
        UriBuilder builder = new(signIn.IdentityEndpoint!) { Query = query };
        log.Verbose($"Requesting a Microsoft Graph token from the managed identity endpoint {TransportRules.Display(builder.Uri)} for {signIn}.");
        ApiResponse answer = await pipeline.SendAsync(new ApiRequest(HttpMethod.Get, builder.Uri)
        {
            Authorize = false,
            Idempotent = true,
            SecretHeaders = new[] { new KeyValuePair<string, SecureString>(GraphWire.IdentityHeader, signIn.IdentityHeader!) },
        }, log, cancel).ConfigureAwait(false);
        return ReadToken(answer, signIn.IdentityEndpoint!, log);
    }

    private static IssuedToken ReadToken(ApiResponse answer, Uri from, OperationLog log)
    {
        string? token = (string?)answer.Json?[GraphWire.AccessToken];
        if (string.IsNullOrEmpty(token))
        {
            throw new ZiaException("EntraSignInFailed", ErrorCategory.AuthenticationError,
                $"{TransportRules.Display(from)} answered without an access_token.", from);
        }
        double lifetime = 3600;
        if (answer.Json?[GraphWire.ExpiresIn] is { } expiresIn && double.TryParse((string?)expiresIn, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            lifetime = seconds;
        }
        else if (answer.Json?[GraphWire.ExpiresOn] is { } expiresOn && long.TryParse((string?)expiresOn, NumberStyles.Integer, CultureInfo.InvariantCulture, out long epoch))
        {
            // The managed identity endpoint answers epoch seconds.
            lifetime = Math.Max(0, epoch - DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
        log.Verbose($"Microsoft Graph token received; valid for {lifetime:0} s.");
        return new IssuedToken(SecretText.Protect(token!), lifetime);
    }

    private static void RequireText(string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ZiaException("EntraInvalidSignIn", ErrorCategory.InvalidArgument, $"-{parameter} is empty.", parameter);
        }
    }
}
