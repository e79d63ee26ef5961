using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>A Graph token and when to renew it.</summary>
internal sealed class GraphToken
{
    public GraphToken(SecureString value, DateTimeOffset renewAt)
    {
        Value = value;
        RenewAt = renewAt;
    }

    public SecureString Value { get; }

    /// <summary>DateTimeOffset.MaxValue for a token that cannot be renewed.</summary>
    public DateTimeOffset RenewAt { get; }
}

/// <summary>Sets the Graph bearer token on each request; gets it first, and again before it expires or after a 401.</summary>
internal sealed class GraphTokenAuthorizer : IRequestAuthorizer
{
    private readonly Func<OperationLog, CancellationToken, Task<GraphToken>>? _acquire;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private GraphToken? _token;

    /// <summary>A token source that can renew (client credentials, managed identity).</summary>
    public GraphTokenAuthorizer(Func<OperationLog, CancellationToken, Task<GraphToken>> acquire) => _acquire = acquire;

    /// <summary>A token the caller gave: used as it is, never renewed.</summary>
    public GraphTokenAuthorizer(SecureString fixedToken) => _token = new GraphToken(fixedToken, DateTimeOffset.MaxValue);

    public bool CanRenew => _acquire is not null;

    public async Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
    {
        if (_token is null || DateTimeOffset.UtcNow >= _token.RenewAt)
        {
            await AcquireAsync(log, cancel).ConfigureAwait(false);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_token!.Value));
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
            _token = await _acquire(log, cancel).ConfigureAwait(false);
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>When to renew a token that lives this many seconds: a fifth early, at most five minutes.</summary>
    public static DateTimeOffset RenewAfter(double lifetimeSeconds) =>
        DateTimeOffset.UtcNow.AddSeconds(lifetimeSeconds - Math.Min(300, lifetimeSeconds / 5.0));
}
