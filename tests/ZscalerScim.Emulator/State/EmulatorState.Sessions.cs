using System.Security.Cryptography;
using System.Text;

namespace ZscalerScim.Emulator.State;

public sealed partial class EmulatorState
{
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clientPublicKeys = new(StringComparer.Ordinal);

    // (client id, jti) of every accepted assertion, kept until its exp: a replay is refused.
    private readonly Dictionary<(string ClientId, string Jti), DateTimeOffset> _usedJtis = [];

    /// <summary>A successful login (API key or portal).</summary>
    public Session StartSession(SessionKind kind)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            var code = kind == SessionKind.Portal ? RandomToken(24) : null;
            var session = new Session(RandomToken(32), kind, code, now);
            _sessions[session.Id] = session;
            _issuedSessionIds.Add(session.Id);
            if (code is not null)
            {
                _issuedSessionCodes.Add(code);
            }
            return session;
        }
    }

    /// <summary>
    /// The live session of that kind among <paramref name="ids"/> (a cookie header may carry more
    /// than one JSESSIONID), marked as used now; null when none is valid.
    /// </summary>
    public Session? UseSession(IEnumerable<string> ids, SessionKind kind)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            foreach (var id in ids)
            {
                if (_sessions.TryGetValue(id, out var session) && session.Kind == kind)
                {
                    session.LastSeen = now;
                    return session;
                }
            }
            return null;
        }
    }

    /// <summary>Logout: ends the session and activates pending changes, as ZIA does.</summary>
    public void EndSession(Session session)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            if (_sessions.Remove(session.Id))
            {
                ActivateOnSessionEnd(now);
            }
        }
    }

    /// <summary>The <c>sessionDropped</c> fault: the caller's sessions and token stop working.</summary>
    public void DropCaller(IEnumerable<string> sessionIds, string? token)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            var ended = false;
            foreach (var id in sessionIds)
            {
                ended |= _sessions.Remove(id);
            }
            if (token is not null)
            {
                _tokens.Remove(token);
            }
            if (ended)
            {
                // A session the server ends is a session end like a timeout.
                ActivateOnSessionEnd(now);
            }
        }
    }

    /// <summary><c>POST /_emulator/sessions/expire</c>: every session and token ends now.</summary>
    public void ExpireAllSessions()
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            var ended = _sessions.Count > 0;
            _sessions.Clear();
            _tokens.Clear();
            if (ended)
            {
                ActivateOnSessionEnd(now);
            }
        }
    }

    // Caller holds the lock. Idle sessions time out (activating pending changes); tokens expire.
    private void ExpireIdle(DateTimeOffset now)
    {
        var idle = TimeSpan.FromSeconds(_config.SessionIdleSeconds);
        var expired = _sessions.Values.Where(s => now - s.LastSeen > idle).Select(s => s.Id).ToList();
        foreach (var id in expired)
        {
            _sessions.Remove(id);
        }
        foreach (var token in _tokens.Where(t => t.Value <= now).Select(t => t.Key).ToList())
        {
            _tokens.Remove(token);
        }
        foreach (var jti in _usedJtis.Where(j => j.Value < now).Select(j => j.Key).ToList())
        {
            _usedJtis.Remove(jti);
        }
        if (expired.Count > 0)
        {
            ActivateOnSessionEnd(now);
        }
    }

    /// <summary>A new OneAPI access token and its lifetime in seconds.</summary>
    public (string Token, int LifetimeSeconds) IssueToken()
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            var token = RandomToken(32);
            _tokens[token] = now.AddSeconds(_config.TokenLifetimeSeconds);
            _issuedAccessTokens.Add(token);
            return (token, _config.TokenLifetimeSeconds);
        }
    }

    public bool IsTokenValid(string? token)
    {
        lock (_gate)
        {
            Advance(Now);
            return token is not null && _tokens.ContainsKey(token);
        }
    }

    /// <summary>The client-secret client: constant-time comparison, as a real server would.</summary>
    public bool IsSecretClient(string clientId, string clientSecret) =>
        clientId == Credentials.ClientId
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(Credentials.ClientSecret));

    /// <summary><c>POST /_emulator/clients</c>: a private-key (JWT assertion) client.</summary>
    public void RegisterClient(string clientId, string publicKeyPem)
    {
        lock (_gate)
        {
            _clientPublicKeys[clientId] = publicKeyPem;
        }
    }

    public string? FindClientPublicKey(string clientId)
    {
        lock (_gate)
        {
            return _clientPublicKeys.GetValueOrDefault(clientId);
        }
    }

    /// <summary>Records an assertion's jti; false when that client used it before.</summary>
    public bool TryUseJti(string clientId, string jti, DateTimeOffset expires)
    {
        lock (_gate)
        {
            Advance(Now);
            return _usedJtis.TryAdd((clientId, jti), expires);
        }
    }

    private static string RandomToken(int bytes) => Base64UrlText(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64UrlText(byte[] data) => System.Buffers.Text.Base64Url.EncodeToString(data);
}
