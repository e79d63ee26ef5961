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

/// <summary>OAuth2 client credentials at ZIdentity: a client secret or a signed assertion buys a bearer token, renewed before it expires.</summary>
internal sealed class OneApiToken : IRequestAuthorizer
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _tokenUri;
    private readonly string _clientId;
    private readonly SecureString? _secret;
    private readonly RSA? _key;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private SecureString? _token;
    private DateTimeOffset _renewAt;

    /// <summary>When the current token expires (null before the first one).</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public OneApiToken(HttpPipeline pipeline, Uri tokenUri, string clientId, SecureString? secret, RSA? key)
    {
        _pipeline = pipeline;
        _tokenUri = tokenUri;
        _clientId = clientId;
        _secret = secret;
        _key = key;
    }

    public async Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
    {
        if (_token is null || DateTimeOffset.UtcNow >= _renewAt)
        {
            await AcquireAsync(log, cancel).ConfigureAwait(false);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_token!));
    }

    public async Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel)
    {
        await AcquireAsync(log, cancel).ConfigureAwait(false);
        return true;
    }

    public async Task AcquireAsync(OperationLog log, CancellationToken cancel)
    {
        await _renewing.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            List<KeyValuePair<string, string>> form = new()
            {
                new("grant_type", "client_credentials"),
                new("client_id", _clientId),
                new("audience", ClientAssertion.Audience),
            };
            if (_key is not null)
            {
                form.Add(new("client_assertion_type", ClientAssertion.AssertionType));
                form.Add(new("client_assertion", ClientAssertion.Create(_clientId, _key, DateTimeOffset.UtcNow)));
            }
            else
            {
                form.Add(new("client_secret", SecretText.Reveal(_secret!)));
            }

            log.Verbose($"Requesting a OneAPI token from {_tokenUri.GetLeftPart(UriPartial.Authority)} for client {_clientId} ({(_key is null ? "client secret" : "private key")}).");
            ApiResponse answer = await _pipeline.SendAsync(
                new ApiRequest(HttpMethod.Post, _tokenUri) { Form = form, Authorize = false }, log, cancel).ConfigureAwait(false);
            string? token = (string?)answer.Json?["access_token"];
            if (string.IsNullOrEmpty(token))
            {
                throw new ZiaException("ZiaAuthenticationFailed", System.Management.Automation.ErrorCategory.AuthenticationError,
                    $"The token endpoint {_tokenUri} answered without an access_token.", _tokenUri);
            }
            int lifetime = (int?)answer.Json?["expires_in"] ?? 3600;
            // Renew a little early: a fifth of the lifetime, at most a minute.
            _renewAt = DateTimeOffset.UtcNow.AddSeconds(lifetime - Math.Min(60, lifetime / 5.0));
            ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(lifetime);
            _token = SecretText.Protect(token!);
            log.Verbose($"OneAPI token received; valid for {lifetime} s.");
        }
        finally
        {
            _renewing.Release();
        }
    }
}
