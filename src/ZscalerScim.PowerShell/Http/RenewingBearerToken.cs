using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>A bearer token as a token endpoint issued it: the value and how many seconds it lives.</summary>
internal sealed class IssuedToken
{
    public IssuedToken(SecureString value, double lifetimeSeconds)
    {
        Value = value;
        LifetimeSeconds = lifetimeSeconds;
    }

    public SecureString Value { get; }

    public double LifetimeSeconds { get; }

    /// <summary>An OAuth 2.0 token answer ({access_token, expires_in}); <paramref name="missing"/> when it holds no token.</summary>
    public static IssuedToken FromOAuth(ApiResponse answer, Func<ZiaException> missing)
    {
        string? token = (string?)answer.Json?["access_token"];
        if (string.IsNullOrEmpty(token))
        {
            throw missing();
        }
        return new IssuedToken(SecretText.Protect(token!), (double?)answer.Json?["expires_in"] ?? 3600);
    }
}

/// <summary>
/// The one authorizer for every service that issues bearer tokens (OneAPI, Microsoft Graph, an Okta service app):
/// "Authorization: Bearer" on each request, the token got first, renewed before it expires and once after a 401.
/// </summary>
internal sealed class RenewingBearerToken : IRequestAuthorizer
{
    private readonly Func<OperationLog, CancellationToken, Task<IssuedToken>>? _acquire;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private SecureString? _token;
    private DateTimeOffset _renewAt;

    /// <summary>A token source that can renew.</summary>
    public RenewingBearerToken(Func<OperationLog, CancellationToken, Task<IssuedToken>> acquire) => _acquire = acquire;

    /// <summary>A token the caller gave: used as it is, never renewed.</summary>
    public RenewingBearerToken(SecureString fixedToken)
    {
        _token = fixedToken;
        _renewAt = DateTimeOffset.MaxValue;
    }

    /// <summary>When the current token expires (null before the first one, or for a token the caller gave).</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

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
        if (_acquire is null)
        {
            return false;
        }
        await AcquireAsync(log, cancel).ConfigureAwait(false);
        return true;
    }

    public async Task AcquireAsync(OperationLog log, CancellationToken cancel)
    {
        if (_acquire is null)
        {
            return;
        }
        await _renewing.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            IssuedToken issued = await _acquire(log, cancel).ConfigureAwait(false);
            double lifetime = issued.LifetimeSeconds;
            // Renew a little early: a fifth of the lifetime, at most five minutes.
            _renewAt = DateTimeOffset.UtcNow.AddSeconds(lifetime - Math.Min(300, lifetime / 5.0));
            ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(lifetime);
            _token = issued.Value;
        }
        finally
        {
            _renewing.Release();
        }
    }
}
