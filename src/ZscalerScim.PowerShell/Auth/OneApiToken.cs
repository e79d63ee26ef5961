using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Auth;

/// <summary>OAuth2 client credentials at ZIdentity: a client secret or a signed assertion buys a bearer token.</summary>
internal static class OneApiToken
{
    /// <summary>The token source for <see cref="RenewingBearerToken"/>.</summary>
    public static Func<OperationLog, CancellationToken, Task<IssuedToken>> Source(HttpPipeline pipeline, Uri tokenUri, string clientId, SecureString? secret, RSA? key) =>
        async (log, cancel) =>
        {
            List<KeyValuePair<string, string>> form = new()
            {
                new("grant_type", "client_credentials"),
                new("client_id", clientId),
                new("audience", ClientAssertion.Audience),
            };
            if (key is not null)
            {
                form.Add(new("client_assertion_type", ClientAssertion.AssertionType));
                form.Add(new("client_assertion", ClientAssertion.Create(clientId, key, DateTimeOffset.UtcNow)));
            }
            else
            {
                form.Add(new("client_secret", SecretText.Reveal(secret!)));
            }

            log.Verbose($"Requesting a OneAPI token from {tokenUri.GetLeftPart(UriPartial.Authority)} for client {clientId} ({(key is null ? "client secret" : "private key")}).");
            ApiResponse answer = await pipeline.SendAsync(
                new ApiRequest(HttpMethod.Post, tokenUri) { Form = form, Authorize = false }, log, cancel).ConfigureAwait(false);
            IssuedToken token = IssuedToken.FromOAuth(answer, () => new ZiaException("ZiaAuthenticationFailed", System.Management.Automation.ErrorCategory.AuthenticationError,
                $"The token endpoint {tokenUri} answered without an access_token.", tokenUri));
            log.Verbose($"OneAPI token received; valid for {token.LifetimeSeconds:0} s.");
            return token;
        };
}
