using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>One app of the Okta org and its default provisioning connection (the token is kept, never answered).</summary>
public sealed class OktaApp(string id, string name, string label)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Label { get; } = label;
    public string? AuthScheme { get; set; }
    public string? BaseUrl { get; set; }
    public string? Token { get; set; }
    public bool Enabled { get; set; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    public JsonObject ToJson(string origin) => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["label"] = Label,
        ["status"] = "ACTIVE",
        ["created"] = Created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["lastUpdated"] = Created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["features"] = new JsonArray(),
        ["signOnMode"] = "SAML_2_0",
        ["_links"] = new JsonObject { ["self"] = Link($"{origin}/api/v1/apps/{Id}", "GET", "PUT", "DELETE") },
    };

    public JsonObject ConnectionJson(string origin)
    {
        var self = $"{origin}/api/v1/apps/{Id}/connections/default";
        var json = new JsonObject();
        if (AuthScheme is not null)
        {
            json["authScheme"] = AuthScheme;
        }
        if (BaseUrl is not null)
        {
            json["baseUrl"] = BaseUrl;
        }
        json["profile"] = new JsonObject { ["authScheme"] = AuthScheme ?? "UNKNOWN" };
        json["status"] = Enabled ? "ENABLED" : "DISABLED";
        json["_links"] = new JsonObject
        {
            ["self"] = Link(self, "GET", "POST"),
            [Enabled ? "deactivate" : "activate"] = Link($"{self}/lifecycle/{(Enabled ? "deactivate" : "activate")}", "POST"),
        };
        return json;
    }

    /// <summary>An HrefObject with the methods it allows (hints.allow), as Okta writes its links.</summary>
    private static JsonObject Link(string href, params string[] allow) =>
        new() { ["href"] = href, ["hints"] = new JsonObject { ["allow"] = new JsonArray([.. allow.Select(m => (JsonNode)m)]) } };
}

/// <summary>A registered API service app: its public key (none until one is registered) and granted scopes.</summary>
public sealed record OktaClient(string ClientId, string? PublicKeyPem, IReadOnlyList<string> Scopes);

/// <summary>An access token issued by the org's token endpoint; a DPoP-bound one carries its key's thumbprint (jkt).</summary>
public sealed record OktaAccessToken(string ClientId, IReadOnlyList<string> Scopes, DateTimeOffset Expires, string? Jkt = null);

/// <summary>The emulated Okta org: apps, API token, service apps, tokens, and its rate-limit window. One lock.</summary>
public sealed class OktaState
{
    public const string ZscalerAppName = "zscalerbyz";
    public static readonly string[] ManagementScopes = ["okta.apps.read", "okta.apps.manage"];
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock _gate = new();
    private readonly List<OktaApp> _apps = [];
    private readonly Dictionary<string, OktaClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OktaAccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _jtis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _rateLimited = [];
    private long _windowStart;
    private int _windowCount;

    public OktaState()
    {
        ApiToken = "00" + RandomNumberGenerator.GetString(Alphanumeric, 40);
        ClientId = "0oa" + RandomNumberGenerator.GetString(Alphanumeric, 17);
        _clients[ClientId] = new OktaClient(ClientId, null, ManagementScopes);
        ZscalerApp = Add(ZscalerAppName, "Zscaler ZIA");
        Add(ZscalerAppName, "Zscaler ZIA Preview");
        OtherApp = Add("salesforce", "Salesforce.com");
    }

    public string ApiToken { get; }
    public string ClientId { get; }
    public OktaApp ZscalerApp { get; }
    public OktaApp OtherApp { get; }

    /// <summary>Requests per window; the default is far above what a test sends.</summary>
    public int RateLimit { get; private set; } = 600;
    public int RateLimitWindowSeconds { get; private set; } = 60;
    public bool RequireDpop { get; private set; }

    private OktaApp Add(string name, string label)
    {
        var app = new OktaApp("0oa" + RandomNumberGenerator.GetString(Alphanumeric, 17), name, label);
        _apps.Add(app);
        return app;
    }

    public T With<T>(Func<OktaStateView, T> read)
    {
        lock (_gate)
        {
            return read(new OktaStateView(_apps, _clients, _tokens, _jtis, _nonces));
        }
    }

    public OktaApp AddApp(string name, string label)
    {
        lock (_gate)
        {
            return Add(name, label);
        }
    }

    /// <summary>Counts one request in the current window (aligned to whole seconds): allowed, limit, remaining, reset (epoch seconds).</summary>
    public (bool Allowed, int Limit, int Remaining, long Reset) Count(DateTimeOffset now)
    {
        lock (_gate)
        {
            var second = now.ToUnixTimeSeconds();
            var start = second - (second % RateLimitWindowSeconds);
            if (start != _windowStart)
            {
                _windowStart = start;
                _windowCount = 0;
            }
            var reset = start + RateLimitWindowSeconds;
            if (_windowCount >= RateLimit)
            {
                _rateLimited.Add(new JsonObject { ["at"] = now.ToUnixTimeMilliseconds(), ["reset"] = reset });
                return (false, RateLimit, 0, reset);
            }
            _windowCount++;
            return (true, RateLimit, RateLimit - _windowCount, reset);
        }
    }

    public JsonObject UpdateConfig(JsonObject body)
    {
        lock (_gate)
        {
            if (body["rateLimit"] is JsonValue limit)
            {
                RateLimit = Math.Max(1, limit.GetValue<int>());
            }
            if (body["rateLimitWindowSeconds"] is JsonValue window)
            {
                RateLimitWindowSeconds = Math.Clamp(window.GetValue<int>(), 1, 3600);
            }
            if (body["requireDpop"] is JsonValue dpop)
            {
                RequireDpop = dpop.GetValue<bool>();
            }
            _windowStart = 0;
            _windowCount = 0;
            return ConfigJson();
        }
    }

    public JsonObject ConfigJson() => new()
    {
        ["rateLimit"] = RateLimit,
        ["rateLimitWindowSeconds"] = RateLimitWindowSeconds,
        ["requireDpop"] = RequireDpop,
    };

    public JsonArray RateLimitedJson()
    {
        lock (_gate)
        {
            return new JsonArray([.. _rateLimited.Select(r => (JsonNode)r.DeepClone())]);
        }
    }
}

/// <summary>The state's collections, handed out only inside the lock.</summary>
public sealed record OktaStateView(
    List<OktaApp> Apps, Dictionary<string, OktaClient> Clients, Dictionary<string, OktaAccessToken> Tokens, HashSet<string> Jtis,
    Dictionary<string, DateTimeOffset> Nonces);
