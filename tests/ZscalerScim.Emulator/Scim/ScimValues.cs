using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// Reads attribute values from request JSON the way clients send them: booleans may be strings
/// (<c>"True"</c>), a multi-valued attribute may come as one object. Wrong types are 400 invalidValue.
/// </summary>
public static class ScimValues
{
    public static string? Text(JsonNode? node, string name) =>
        node switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw ScimException.InvalidValue($"{name} must be a string"),
        };

    public static string RequiredText(JsonNode? node, string name) =>
        Text(node, name) is { } text && text.Trim().Length > 0
            ? text
            : throw ScimException.InvalidValue($"{name} is required and must be a non-empty string");

    /// <summary>JSON true/false, or the strings "true"/"false" in any case (Entra ID sends "False").</summary>
    public static bool Bool(JsonNode? node, string name)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when bool.TryParse(value.GetValue<string>().Trim(), out var flag):
                    return flag;
            }
        }
        throw ScimException.InvalidValue($"{name} must be true or false (a boolean or the string \"true\"/\"false\")");
    }

    /// <summary>An array of objects, or one object standing for an array of one.</summary>
    public static IReadOnlyList<JsonObject> Objects(JsonNode? node, string name) =>
        node switch
        {
            null => [],
            JsonObject single => [single],
            JsonArray array => [.. array.Select(item => item as JsonObject
                ?? throw ScimException.InvalidValue($"Each entry of {name} must be an object"))],
            _ => throw ScimException.InvalidValue($"{name} must be an array of objects"),
        };

    public static JsonObject? Object(JsonNode? node, string name) =>
        node switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw ScimException.InvalidValue($"{name} must be an object"),
        };

    /// <summary><c>emails</c>: type defaults to "work"; at most one primary, the first when none is.</summary>
    public static IReadOnlyList<ScimEmail> Emails(JsonNode? node) =>
        NormalizeEmails([.. Objects(node, "emails").Select(Email)]);

    public static ScimEmail Email(JsonObject item) => new(
        RequiredText(item["value"], "emails.value"),
        Text(item["type"], "emails.type") ?? "work",
        item["primary"] is { } primary && Bool(primary, "emails.primary"));

    public static IReadOnlyList<ScimEmail> NormalizeEmails(IReadOnlyList<ScimEmail> emails)
    {
        if (emails.Count == 0)
        {
            return emails;
        }
        var primaryIndex = Math.Max(0, emails.ToList().FindIndex(email => email.Primary));
        return [.. emails.Select((email, index) => email with { Primary = index == primaryIndex })];
    }

    /// <summary>Member ids from <c>[{"value":"id"}]</c> (a single object is taken too).</summary>
    public static IReadOnlyList<string> MemberIds(JsonNode? node) =>
        [.. Objects(node, "members").Select(member => RequiredText(member["value"], "members.value"))];

    /// <summary>RFC 7643 §3: the body's <c>schemas</c> array must list <paramref name="urn"/> (else 400 invalidSyntax).</summary>
    public static void RequireSchema(JsonObject body, string urn)
    {
        var listed = body["schemas"] is JsonArray schemas && schemas.Any(schema =>
            schema is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && value.GetValue<string>().Equals(urn, StringComparison.OrdinalIgnoreCase));
        if (!listed)
        {
            throw ScimException.InvalidSyntax($"The request's schemas must list {urn}");
        }
    }
}
