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
/// for the okta.apps scopes, renewed before it expires and once on a 401.
/// </summary>
internal sealed class OktaServiceAppToken : IRequestAuthorizer
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _tokenUri;
    private readonly string _clientId;
    private readonly RSA _key;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private SecureString? _token;
    private DateTimeOffset _renewAt;

    public OktaServiceAppToken(HttpPipeline pipeline, Uri tokenUri, string clientId, RSA key)
    {
        _pipeline = pipeline;
        _tokenUri = tokenUri;
        _clientId = clientId;
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
                new("scope", OktaWire.Scopes),
                new("client_assertion_type", ClientAssertion.AssertionType),
                new("client_assertion", ClientAssertion.Create(_clientId, _key, DateTimeOffset.UtcNow, _tokenUri.ToString())),
            };
            log.Verbose($"Requesting an Okta access token from {TransportRules.Display(_tokenUri)} for service app {_clientId} (scopes {OktaWire.Scopes}).");
            ApiResponse answer = await _pipeline.SendAsync(
                new ApiRequest(HttpMethod.Post, _tokenUri) { Form = form, Authorize = false }, log, cancel).ConfigureAwait(false);
            string? token = (string?)answer.Json?["access_token"];
            if (string.IsNullOrEmpty(token))
            {
                throw new ZiaException("OktaAuthenticationFailed", ErrorCategory.AuthenticationError,
                    $"Okta's token endpoint {_tokenUri} answered without an access_token.", _tokenUri);
            }
            if (string.Equals((string?)answer.Json?["token_type"], "DPoP", StringComparison.OrdinalIgnoreCase))
            {
                throw OktaErrors.From($"POST {_tokenUri.AbsolutePath}", 400, OktaWire.DpopRequired, "Okta issued a DPoP-bound token", _tokenUri);
            }
            int lifetime = (int?)answer.Json?["expires_in"] ?? 3600;
            // Renew a little early: a fifth of the lifetime, at most a minute.
            _renewAt = DateTimeOffset.UtcNow.AddSeconds(lifetime - Math.Min(60, lifetime / 5.0));
            _token = SecretText.Protect(token!);
            log.Verbose($"Okta access token received; valid for {lifetime} s.");
        }
        finally
        {
            _renewing.Release();
        }
    }
}
