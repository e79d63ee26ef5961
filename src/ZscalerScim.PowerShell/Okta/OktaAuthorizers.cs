using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Auth;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>An Okta API token: "Authorization: SSWS token" on every call. It cannot be renewed, so a 401 is the answer.</summary>
internal sealed class OktaApiTokenAuthorizer : IRequestAuthorizer
{
    private readonly SecureString _token;

    public OktaApiTokenAuthorizer(SecureString token) => _token = token;

    public Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue(OktaWire.ApiTokenScheme, SecretText.Reveal(_token));
        return Task.CompletedTask;
    }

    public Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel) => Task.FromResult(false);
}

/// <summary>
/// An Okta service app: client credentials with a private key JWT (aud = the org's token URL) buy an access token
/// for the okta.apps scopes (renewed by <see cref="RenewingBearerToken"/>).
/// </summary>
internal static class OktaServiceAppToken
{
    public static Func<OperationLog, CancellationToken, Task<IssuedToken>> Source(HttpPipeline pipeline, Uri tokenUri, string clientId, RSA key) =>
        async (log, cancel) =>
        {
            List<KeyValuePair<string, string>> form = new()
            {
                new("grant_type", "client_credentials"),
                new("scope", OktaWire.Scopes),
                new("client_assertion_type", ClientAssertion.AssertionType),
                new("client_assertion", ClientAssertion.Create(clientId, key, DateTimeOffset.UtcNow, tokenUri.ToString())),
            };
            log.Verbose($"Requesting an Okta access token from {TransportRules.Display(tokenUri)} for service app {clientId} (scopes {OktaWire.Scopes}).");
            ApiResponse answer = await pipeline.SendAsync(
                new ApiRequest(HttpMethod.Post, tokenUri) { Form = form, Authorize = false }, log, cancel).ConfigureAwait(false);
            if (string.Equals((string?)answer.Json?["token_type"], "DPoP", StringComparison.OrdinalIgnoreCase))
            {
                throw OktaErrors.From($"POST {tokenUri.AbsolutePath}", 400, OktaWire.DpopRequired, "Okta issued a DPoP-bound token", tokenUri);
            }
            IssuedToken token = IssuedToken.FromOAuth(answer, () => new ZiaException("OktaAuthenticationFailed", ErrorCategory.AuthenticationError,
                $"Okta's token endpoint {tokenUri} answered without an access_token.", tokenUri));
            log.Verbose($"Okta access token received; valid for {token.LifetimeSeconds:0} s.");
            return token;
        };
}
