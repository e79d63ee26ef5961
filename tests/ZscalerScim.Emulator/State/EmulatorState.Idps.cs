using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Portal;

namespace ZscalerScim.Emulator.State;

public sealed partial class EmulatorState
{
    // Whole IdP objects as the portal API shows them, by id. JsonObjects are mutable: every one
    // handed out or copied between pending and active is a deep clone.
    private readonly SortedDictionary<long, JsonObject> _pendingIdps = [];
    private SortedDictionary<long, JsonObject> _activeIdps = [];

    // Tokens from generateBearerToken not yet saved on an IdP: the only new secrets a PUT accepts.
    private readonly HashSet<string> _unsavedScimTokens = new(StringComparer.Ordinal);

    /// <summary><c>GET /zsapi/v1/idpConfig</c>: the saved (pending) IdPs.</summary>
    public JsonArray GetIdps()
    {
        lock (_gate)
        {
            Advance(Now);
            return CloneAll(_pendingIdps);
        }
    }

    public JsonObject? GetIdp(long id)
    {
        lock (_gate)
        {
            Advance(Now);
            return _pendingIdps.TryGetValue(id, out var idp) ? (JsonObject)idp.DeepClone() : null;
        }
    }

    /// <summary><c>PUT /zsapi/v1/idpConfig/{id}</c>: the saved object, or null when there is no such IdP.</summary>
    /// <exception cref="InvalidInputException">The body breaks a portal rule; nothing is saved.</exception>
    public JsonObject? SaveIdp(long id, JsonObject body)
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            if (!_pendingIdps.TryGetValue(id, out var stored))
            {
                return null;
            }
            var saved = IdpRules.Validate(new IdpRules.Context(
                id, stored, body, _pendingAuth.DirectorySyncMigrateToScimEnabled, _unsavedScimTokens, now));
            var secret = IdpRules.Secret(saved);
            _unsavedScimTokens.Remove(secret);
            saved["scimServiceProviderEndpoint"] = IdpRules.Endpoint(_origin, _orgId, id, IdpRules.ScimEnabled(saved));
            _pendingIdps[id] = saved;
            MarkChanged();
            return (JsonObject)saved.DeepClone();
        }
    }

    /// <summary><c>POST /zsapi/v1/idpConfig/generateBearerToken</c>: valid for one save.</summary>
    public string GenerateScimToken()
    {
        lock (_gate)
        {
            Advance(Now);
            var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
            _unsavedScimTokens.Add(token);
            return token;
        }
    }

    /// <summary>
    /// <c>POST /_emulator/idps</c>: stores the object as given (fields may be missing, to test the
    /// module's drift guard) in pending and active alike; assigns an id when it has none.
    /// </summary>
    /// <exception cref="InvalidInputException">An id that is not a whole number.</exception>
    public JsonObject SeedIdp(JsonObject idp)
    {
        lock (_gate)
        {
            Advance(Now);
            var copy = (JsonObject)idp.DeepClone();
            long id;
            if (copy["id"] is null)
            {
                id = Math.Max(_pendingIdps.Keys.DefaultIfEmpty(71233).Max(), _activeIdps.Keys.DefaultIfEmpty(71233).Max()) + 1;
                copy["id"] = id;
            }
            else if (copy["id"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out id))
            {
                copy["id"] = id;
            }
            else
            {
                throw new InvalidInputException("id must be a whole number");
            }
            _pendingIdps[id] = copy;
            _activeIdps[id] = (JsonObject)copy.DeepClone();
            _activating?.Idps[id] = (JsonObject)copy.DeepClone();
            return (JsonObject)copy.DeepClone();
        }
    }

    /// <summary>
    /// For the SCIM server: the active (activated) state of one IdP of this organization; null when
    /// the org or IdP is unknown. The token is the active <c>scimSharedSecret</c> ("" when none).
    /// </summary>
    public ScimIdp? FindActiveScimIdp(long orgId, long idpId)
    {
        lock (_gate)
        {
            Advance(Now);
            return orgId == _orgId && _activeIdps.TryGetValue(idpId, out var idp) ? ToScimIdp(idp, idpId) : null;
        }
    }

    /// <summary>For the SCIM server: every active IdP of this organization.</summary>
    public IReadOnlyList<ScimIdp> ActiveScimIdps()
    {
        lock (_gate)
        {
            Advance(Now);
            return [.. _activeIdps.Select(pair => ToScimIdp(pair.Value, pair.Key))];
        }
    }

    private ScimIdp ToScimIdp(JsonObject idp, long id) =>
        new(_orgId, id, IdpRules.Name(idp), IdpRules.ScimEnabled(idp), IdpRules.Secret(idp));

    // Caller holds the lock.
    private void RefreshEndpoints(SortedDictionary<long, JsonObject> idps)
    {
        foreach (var (id, idp) in idps)
        {
            if (idp.ContainsKey("scimServiceProviderEndpoint"))
            {
                idp["scimServiceProviderEndpoint"] = IdpRules.Endpoint(_origin, _orgId, id, IdpRules.ScimEnabled(idp));
            }
        }
    }

    private static SortedDictionary<long, JsonObject> CloneIdps(SortedDictionary<long, JsonObject> idps) =>
        new(idps.ToDictionary(pair => pair.Key, pair => (JsonObject)pair.Value.DeepClone()));

    private static JsonArray CloneAll(SortedDictionary<long, JsonObject> idps) =>
        new([.. idps.Values.Select(idp => (JsonNode)idp.DeepClone())]);
}
