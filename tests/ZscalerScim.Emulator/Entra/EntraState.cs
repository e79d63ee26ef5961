using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>
/// The emulated Entra ID tenant: the app registration the module signs in as, the managed identity, issued Graph tokens,
/// the enterprise applications and the users assigned to them. One lock, like EmulatorState.
/// </summary>
public sealed class EntraState
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];
    private readonly Dictionary<string, string> _certificates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _jtis = new(StringComparer.Ordinal);
    private readonly List<EntraServicePrincipal> _servicePrincipals = [];
    private readonly List<EntraUser> _users = [];

    public EntraState()
    {
        _servicePrincipals.Add(NewServicePrincipal(SeedDisplayName, "zscalertwo", 1));
        var seeded = _servicePrincipals[0];
        // What the tenant's admin set in the portal: quarantine emails and the accidental-deletions threshold.
        seeded.Secrets.Add(new("SyncNotificationSettings",
            """{"Enabled":true,"Recipients":"it-alerts@acme.example","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}"""));
        seeded.Secrets.Add(new("SyncAll", "false"));
        _users.Add(NewUser("adele.vance@acme.example", "Adele Vance", "Adele", "Vance", "Retail"));
        _users.Add(NewUser("alex.wilber@acme.example", "Alex Wilber", "Alex", "Wilber", "Marketing"));
        _users.Add(NewUser("megan.bowen@acme.example", "Megan Bowen", "Megan", "Bowen", "Marketing"));
    }

    public const string SeedDisplayName = "Zscaler Two";

    public string TenantId { get; } = Guid.NewGuid().ToString();
    public string ClientId { get; } = Guid.NewGuid().ToString();

    // Entra client secrets are 40 characters with ~ . _ - among them.
    public string ClientSecret { get; } = RandomNumberGenerator.GetString(Alphanumeric + "~._-", 40);
    public string IdentityHeader { get; } = RandomNumberGenerator.GetString(Alphanumeric, 32);
    public string ManagedIdentityClientId { get; } = Guid.NewGuid().ToString();

    public int TokenLifetimeSeconds { get; private set; } = 3599;

    /// <summary>False (default): a secrets PUT keeps the keys it does not name. True: it replaces the collection.</summary>
    public bool SecretsPutReplaces { get; private set; }

    public Lock Gate => _gate;

    public EntraServicePrincipal Seeded => _servicePrincipals[0];

    public JsonObject Handshake(string origin) => new()
    {
        ["graphEndpoint"] = origin,
        ["loginEndpoint"] = origin,
        ["entraTenantId"] = TenantId,
        ["entraClientId"] = ClientId,
        ["entraClientSecret"] = ClientSecret,
        ["identityEndpoint"] = origin + EntraPaths.ManagedIdentity,
        ["identityHeader"] = IdentityHeader,
        ["managedIdentityClientId"] = ManagedIdentityClientId,
        ["entraServicePrincipal"] = Seeded.DisplayName,
        ["entraServicePrincipalId"] = Seeded.Id,
        ["entraJobId"] = Seeded.Jobs[0].Id,
    };

    public (string Token, int Lifetime) IssueToken()
    {
        var token = "eyJ0eXAiOiJKV1QifQ." + RandomNumberGenerator.GetString(Alphanumeric, 48);
        lock (_gate)
        {
            _tokens[token] = DateTimeOffset.UtcNow.AddSeconds(TokenLifetimeSeconds);
            _issued.Add(token);
            return (token, TokenLifetimeSeconds);
        }
    }

    public bool IsValidToken(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
        }
    }

    public void ExpireTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Registers a certificate of the app registration (Certificates &amp; secrets); answers its x5t.</summary>
    public string AddCertificate(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var x5t = Convert.ToBase64String(certificate.GetCertHash()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var pem = certificate.GetRSAPublicKey()?.ExportSubjectPublicKeyInfoPem() ?? throw new ArgumentException("not an RSA certificate");
        lock (_gate)
        {
            _certificates[x5t] = pem;
        }
        return x5t;
    }

    public string? CertificateKey(string x5t)
    {
        lock (_gate)
        {
            return _certificates.GetValueOrDefault(x5t);
        }
    }

    public bool TryUseJti(string jti)
    {
        lock (_gate)
        {
            return _jtis.Add(jti);
        }
    }

    public EntraServicePrincipal AddServicePrincipal(string displayName, string templateId, int jobs)
    {
        lock (_gate)
        {
            var sp = NewServicePrincipal(displayName, templateId, jobs);
            _servicePrincipals.Add(sp);
            return sp;
        }
    }

    public EntraUser AddUser(string upn, string displayName, string? givenName, string? surname, string? department)
    {
        lock (_gate)
        {
            var user = NewUser(upn, displayName, givenName, surname, department);
            _users.Add(user);
            return user;
        }
    }

    /// <summary>Unassigns a user from the applications: the next cycle of each job that exported it deletes it there.</summary>
    public bool RemoveUser(string upn)
    {
        lock (_gate)
        {
            return _users.RemoveAll(u => u.UserPrincipalName.Equals(upn, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    public IReadOnlyList<EntraUser> Users()
    {
        lock (_gate)
        {
            return [.. _users];
        }
    }

    public IReadOnlyList<EntraServicePrincipal> ServicePrincipals()
    {
        lock (_gate)
        {
            return [.. _servicePrincipals];
        }
    }

    public EntraServicePrincipal? Find(string id)
    {
        lock (_gate)
        {
            return _servicePrincipals.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void Configure(JsonObject body)
    {
        lock (_gate)
        {
            if (body["secretsPutReplaces"] is JsonValue replaces && replaces.TryGetValue(out bool r))
            {
                SecretsPutReplaces = r;
            }
            if (body["tokenLifetimeSeconds"] is JsonValue lifetime && lifetime.TryGetValue(out int l))
            {
                TokenLifetimeSeconds = l;
            }
        }
    }

    /// <summary>For tests: everything, secrets in plain text (the tests prove what Entra ID holds).</summary>
    public JsonObject Describe()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["config"] = new JsonObject { ["secretsPutReplaces"] = SecretsPutReplaces, ["tokenLifetimeSeconds"] = TokenLifetimeSeconds },
                ["accessTokens"] = new JsonArray([.. _issued.Select(t => (JsonNode)t)]),
                ["servicePrincipals"] = new JsonArray([.. _servicePrincipals.Select(sp =>
                {
                    var o = sp.ToGraph();
                    o["secrets"] = new JsonArray([.. sp.Secrets.Select(s => (JsonNode)new JsonObject { ["key"] = s.Key, ["value"] = s.Value })]);
                    o["jobs"] = new JsonArray([.. sp.Jobs.Select(j => { var g = j.ToGraph(); g["runs"] = j.Runs; g["runsCompleted"] = j.RunsCompleted; return (JsonNode)g; })]);
                    return (JsonNode)o;
                })]),
                ["users"] = new JsonArray([.. _users.Select(u => (JsonNode)new JsonObject { ["id"] = u.Id, ["userPrincipalName"] = u.UserPrincipalName, ["displayName"] = u.DisplayName })]),
            };
        }
    }

    private static EntraServicePrincipal NewServicePrincipal(string displayName, string templateId, int jobs)
    {
        var sp = new EntraServicePrincipal { Id = Guid.NewGuid().ToString(), AppId = Guid.NewGuid().ToString(), DisplayName = displayName };
        for (var i = 0; i < jobs; i++)
        {
            sp.Jobs.Add(new EntraJob { Id = $"{templateId}.{Guid.NewGuid():N}.{Guid.NewGuid():N}", TemplateId = templateId });
        }
        return sp;
    }

    private static EntraUser NewUser(string upn, string displayName, string? givenName, string? surname, string? department) =>
        new(Guid.NewGuid().ToString(), upn, displayName, givenName, surname, department);
}
