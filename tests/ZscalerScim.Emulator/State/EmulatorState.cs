using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

/// <summary>
/// Everything the emulated tenant knows: organization, auth settings and IdPs (pending and
/// active), activation, sessions, tokens. One lock guards it all, so each call is atomic and
/// requests, the expiry timer and the control API never see half a change. Split by area into
/// partial files; every public member takes the lock and first calls <see cref="Advance"/>.
/// </summary>
public sealed partial class EmulatorState
{
    private readonly Lock _gate = new();
    private RuntimeConfig _config;
    private JsonObject _org = Seeds.Organization();
    private long _orgId = Seeds.OrgId;
    private string _origin = "";

    private AuthSettings _pendingAuth = AuthSettings.Seed;
    private AuthSettings _activeAuth = AuthSettings.Seed;

    // Saved since the last activation started (a save during INPROGRESS stays pending).
    private bool _changesPending;
    private int _activationCount;
    private Snapshot? _activating;
    private DateTimeOffset _activationDoneAt;

    public EmulatorState(Credentials credentials, RuntimeConfig config)
    {
        Credentials = credentials;
        _config = config;
        foreach (var idp in Seeds.IdentityProviders())
        {
            var id = idp["id"]!.GetValue<long>();
            _pendingIdps[id] = idp;
            _activeIdps[id] = (JsonObject)idp.DeepClone();
        }
    }

    public Credentials Credentials { get; }

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public long OrgId
    {
        get { lock (_gate) { return _orgId; } }
    }

    public RuntimeConfig Config
    {
        get { lock (_gate) { return _config; } }
    }

    /// <summary>Applies a <c>PUT /_emulator/config</c> body: only the fields present change.</summary>
    /// <exception cref="InvalidInputException">A value of the wrong type or out of range.</exception>
    public RuntimeConfig UpdateConfig(JsonObject body)
    {
        lock (_gate)
        {
            Advance(Now);
            _config = new RuntimeConfig(
                ConfigNumber(body, "sessionIdleSeconds", _config.SessionIdleSeconds, 1),
                ConfigNumber(body, "tokenLifetimeSeconds", _config.TokenLifetimeSeconds, 1),
                ConfigNumber(body, "activationDelayMs", _config.ActivationDelayMs, 0),
                ConfigFlag(body, "rateLimits", _config.RateLimits));
            return _config;
        }
    }

    private static int ConfigNumber(JsonObject body, string name, int current, int min)
    {
        if (body[name] is not { } node)
        {
            return current;
        }
        return node is JsonValue value && value.TryGetValue(out int number) && number >= min
            ? number
            : throw new InvalidInputException($"{name} must be a whole number of at least {min}");
    }

    private static bool ConfigFlag(JsonObject body, string name, bool current) =>
        body[name] switch
        {
            null => current,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw new InvalidInputException($"{name} must be true or false"),
        };

    /// <summary>The origin (http://127.0.0.1:port) is known only once Kestrel has bound its port.</summary>
    public void SetOrigin(string origin)
    {
        lock (_gate)
        {
            _origin = origin.TrimEnd('/');
            RefreshEndpoints(_pendingIdps);
            RefreshEndpoints(_activeIdps);
        }
    }

    /// <summary>Runs the clock forward: finishes a delayed activation, expires idle sessions and old tokens.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            Advance(Now);
        }
    }

    // Caller holds the lock.
    private void Advance(DateTimeOffset now)
    {
        if (_activating is not null && now >= _activationDoneAt)
        {
            Apply(_activating);
            _activating = null;
        }
        ExpireIdle(now);
    }

    public JsonObject GetOrganization(bool lite)
    {
        lock (_gate)
        {
            Advance(Now);
            return lite ? Seeds.OrganizationLite(_org) : (JsonObject)_org.DeepClone();
        }
    }

    /// <summary><c>PUT /_emulator/org</c>: shallow merge, so tests can change any field.</summary>
    public JsonObject MergeOrganization(JsonObject fields)
    {
        lock (_gate)
        {
            foreach (var (name, value) in fields)
            {
                _org[name] = value?.DeepClone();
            }
            if (_org["orgId"] is JsonValue id && id.TryGetValue(out long orgId))
            {
                _orgId = orgId;
            }
            return (JsonObject)_org.DeepClone();
        }
    }

    /// <summary>What <c>GET /_emulator/state</c> shows.</summary>
    public JsonObject Describe()
    {
        lock (_gate)
        {
            Advance(Now);
            return new JsonObject
            {
                ["activationStatus"] = StatusLocked(),
                ["activationCount"] = _activationCount,
                ["pending"] = new JsonObject
                {
                    ["authSettings"] = _pendingAuth.ToJson(),
                    ["idps"] = CloneAll(_pendingIdps),
                },
                ["active"] = new JsonObject
                {
                    ["authSettings"] = _activeAuth.ToJson(),
                    ["idps"] = CloneAll(_activeIdps),
                },
                ["legacySessions"] = _sessions.Values.Count(s => s.Kind == SessionKind.Legacy),
                ["portalSessions"] = _sessions.Values.Count(s => s.Kind == SessionKind.Portal),
                ["oneApiTokens"] = _tokens.Count,
                ["config"] = _config.ToJson(),
            };
        }
    }
}
