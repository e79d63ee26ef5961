using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>Signs in to an Okta org, as <see cref="Session.ZiaConnector"/> does to ZIA: checks first, then one pipeline.</summary>
internal static class OktaConnector
{
    /// <summary>
    /// -OktaDomain as an origin: "acme.okta.com" means https://acme.okta.com; a full https origin is taken as it is; plain
    /// http only to this machine. Throws before anything is sent.
    /// </summary>
    public static Uri Origin(string domain)
    {
        string text = domain.Trim();
        bool hasScheme = text.IndexOf("://", StringComparison.Ordinal) >= 0;
        if (!Uri.TryCreate(hasScheme ? text : "https://" + text, UriKind.Absolute, out Uri? uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            !string.IsNullOrEmpty(uri.UserInfo) || !Regex.IsMatch(uri.Host, @"^[A-Za-z0-9.\-\[\]:]+$"))
        {
            throw new ZiaException("OktaInvalidDomain", ErrorCategory.InvalidArgument,
                "-OktaDomain takes your Okta org's domain, e.g. acme.okta.com (or https://acme.okta.com, or a custom domain).", "OktaDomain");
        }
        if (uri.Host.IndexOf("-admin.", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new ZiaException("OktaInvalidDomain", ErrorCategory.InvalidArgument,
                $"{TransportRules.Display(uri)} is the Okta Admin Console's host; the API is on the org's own domain. Drop '-admin' (e.g. acme.okta.com).", "OktaDomain");
        }
        if (!TransportRules.IsSafe(uri))
        {
            throw new ZiaException("OktaInsecureDomain", ErrorCategory.SecurityError,
                $"{TransportRules.Display(uri)} uses plain http to a host that is not this machine; the Okta credentials and the SCIM token would cross the network unencrypted. Use https.", "OktaDomain");
        }
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>Builds the pipeline and proves the sign-in: a service app gets its access token now, so a bad key fails here.</summary>
    public static async Task<OktaConnection> ConnectAsync(OktaSignIn signIn, OperationLog log, CancellationToken cancel)
    {
        TransportRules.CheckProxy(signIn.Proxy, signIn.Origin);
        // Okta counts per endpoint and tells the client how much is left: no client-side throttle, its 429s are waited out.
        HttpPipeline pipeline = new(
            HttpClientFactory.Create(signIn.Proxy, new CookieContainer()),
            new RequestThrottle(new Dictionary<string, RateLimit[]>()),
            new RetryPolicy(signIn.MaxRetry),
            signIn.Timeout,
            OktaErrors.Read);
        try
        {
            if (signIn.ApiToken is { } apiToken)
            {
                if (!SecretText.IsToken(apiToken))
                {
                    throw new ZiaException("OktaInvalidApiToken", ErrorCategory.InvalidArgument,
                        "-OktaApiToken has a space, line break, control or non-ASCII character, or is empty; an Okta API token has none. Copy it again (Okta Admin Console: Security > API > Tokens).",
                        "OktaApiToken");
                }
                pipeline.Authorizer = new OktaApiTokenAuthorizer(apiToken);
            }
            else
            {
                RenewingBearerToken token = new(OktaServiceAppToken.Source(pipeline, signIn.TokenUri, signIn.ClientId!, signIn.PrivateKey!));
                await token.AcquireAsync(log, cancel).ConfigureAwait(false);
                pipeline.Authorizer = token;
            }
            log.Verbose($"Okta org {TransportRules.Display(signIn.Origin)} with {signIn.Describe()}.");
            return new OktaConnection(signIn.Origin, signIn.Describe(), pipeline);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }
}
