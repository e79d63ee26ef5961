using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Portal;

/// <summary>
/// The Admin Portal's rules for saving an IdP (README, "Admin Portal API"). The wire names are the
/// emulator's guess; the module keeps its own copy of them, so a mismatch shows in tests.
/// </summary>
public static class IdpRules
{
    /// <summary>Fields the service sets itself: a PUT may leave them out and their values are ignored.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "scimServiceProviderEndpoint", "scimSharedSecretExists", "lastModifiedTime",
    };

    private static readonly string[] RepositoryTypes = ["HOSTED_DB", "ACTIVE_DIRECTORY", "OPEN_LDAP"];

    public sealed record Context(
        long Id,
        JsonObject Stored,
        JsonObject Body,
        bool DirectorySyncMigrateToScimEnabled,
        IReadOnlySet<string> UnsavedTokens,
        DateTimeOffset Now);

    /// <summary>Checks a PUT body against the stored IdP and returns the object to save.</summary>
    /// <exception cref="InvalidInputException">The first rule the body breaks.</exception>
    public static JsonObject Validate(Context context)
    {
        var body = context.Body;
        // Whole-object PUT: a client that drops a field it did not know would erase it.
        foreach (var name in context.Stored.Select(pair => pair.Key))
        {
            if (!ReadOnlyFields.Contains(name) && !body.ContainsKey(name))
            {
                throw new InvalidInputException($"Field '{name}' is missing: send the whole IdP object");
            }
        }

        var displayName = OptionalText(body, "name");
        if (displayName is not null && displayName.Trim().Length == 0)
        {
            throw new InvalidInputException("name must not be empty");
        }
        OptionalBool(body, "enabled");
        var autoProvision = OptionalBool(body, "autoProvision") ?? false;
        var scimEnabled = OptionalBool(body, "scimEnabled") ?? false;
        var repository = OptionalText(body, "userRepositoryType") ?? "HOSTED_DB";
        if (!RepositoryTypes.Contains(repository, StringComparer.Ordinal))
        {
            throw new InvalidInputException(
                $"userRepositoryType '{repository}' is not one of {string.Join(", ", RepositoryTypes)}");
        }

        if (autoProvision && scimEnabled)
        {
            throw new InvalidInputException(
                "SAML auto-provisioning and SCIM provisioning are exclusive: turn autoProvision off to enable SCIM");
        }
        if (scimEnabled && repository != "HOSTED_DB" && !context.DirectorySyncMigrateToScimEnabled)
        {
            throw new InvalidInputException(
                $"SCIM provisioning is not supported with a {repository} user repository unless the " +
                "'Disable Directory Sync & Enable SCIM Provisioning' option (directorySyncMigrateToScimEnabled) is on");
        }

        var secret = OptionalText(body, "scimSharedSecret") ?? Secret(context.Stored);
        if (secret != Secret(context.Stored) && !context.UnsavedTokens.Contains(secret))
        {
            throw new InvalidInputException(
                "scimSharedSecret must be a new token from idpConfig/generateBearerToken");
        }

        var saved = (JsonObject)body.DeepClone();
        saved["id"] = context.Id;
        saved["scimSharedSecretExists"] = secret.Length > 0;
        saved["lastModifiedTime"] = context.Now.ToUnixTimeSeconds();
        return saved;
    }

    /// <summary>The SCIM base URL the portal shows: only while SCIM is on.</summary>
    public static string Endpoint(string origin, long orgId, long idpId, bool scimEnabled) =>
        scimEnabled ? $"{origin}/{orgId}/{idpId}/scim" : "";

    public static bool ScimEnabled(JsonObject idp) =>
        idp["scimEnabled"] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static string Secret(JsonObject idp) =>
        idp["scimSharedSecret"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : "";

    public static string Name(JsonObject idp) =>
        idp["name"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";

    private static string? OptionalText(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw new InvalidInputException($"{name} must be a string"),
        };

    private static bool? OptionalBool(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw new InvalidInputException($"{name} must be true or false"),
        };
}
