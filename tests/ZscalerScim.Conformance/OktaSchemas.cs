using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Conformance;

/// <summary>
/// The few schemas of Okta's published management API description that the module's calls return, transcribed as they
/// stand there (descriptions and examples left out). Source: Okta Admin Management API, OpenAPI 3.0.3, info.version
/// 2026.06.3, github.com/okta/okta-management-openapi-spec, dist/current/management-minimal.yaml: components/schemas
/// Application (+ SamlApplication's name), ApplicationLinks, ProvisioningConnectionResponse,
/// ProvisioningConnectionResponseProfile, ProvisioningConnectionStatus, ProvisioningConnectionTokenAuthScheme,
/// ProvisioningConnectionAuthScheme, LinksSelfLifecycleAndAuthorize, HrefObject, HrefHints, HttpMethod, Error, ErrorCause.
/// Responses of paths /api/v1/apps (200: array of Application), /api/v1/apps/{appId}/connections/default (GET and POST:
/// 200 ProvisioningConnectionResponse) and .../lifecycle/activate|deactivate (204).
/// </summary>
public static class OktaSchemas
{
    private static readonly Dictionary<string, JsonObject> Schemas = new()
    {
        ["HrefObject"] = Parse("""
            { "type": "object", "required": ["href"], "properties": {
                "hints": { "type": "object", "properties": { "allow": { "type": "array", "items": { "type": "string", "enum": ["DELETE", "GET", "POST", "PUT"] } } } },
                "href": { "type": "string" }, "name": { "type": "string" }, "templated": { "type": "boolean" }, "type": { "type": "string" } } }
            """),
        ["Application"] = Parse("""
            { "type": "object", "required": ["signOnMode", "label"], "properties": {
                "accessibility": { "type": "object" },
                "created": { "type": "string", "format": "date-time" },
                "features": { "type": "array", "items": { "type": "string" } },
                "id": { "type": "string" },
                "label": { "type": "string" },
                "lastUpdated": { "type": "string", "format": "date-time" },
                "name": { "type": "string" },
                "profile": { "type": "object" },
                "signOnMode": { "type": "string", "enum": ["AUTO_LOGIN", "BASIC_AUTH", "BOOKMARK", "BROWSER_PLUGIN", "OPENID_CONNECT", "SAML_1_1", "SAML_2_0", "SECURE_PASSWORD_STORE", "WS_FEDERATION"] },
                "status": { "type": "string", "enum": ["ACTIVE", "DELETED", "INACTIVE"] },
                "visibility": { "type": "object" },
                "_embedded": { "type": "object" },
                "_links": { "type": "object", "properties": {
                    "activate": { "$ref": "HrefObject" }, "appLinks": { "type": "array", "items": { "$ref": "HrefObject" } },
                    "deactivate": { "$ref": "HrefObject" }, "groups": { "$ref": "HrefObject" }, "help": { "$ref": "HrefObject" },
                    "logo": { "type": "array", "items": { "$ref": "HrefObject" } }, "metadata": { "$ref": "HrefObject" },
                    "self": { "$ref": "HrefObject" }, "users": { "$ref": "HrefObject" } } } } }
            """),
        ["ProvisioningConnectionResponse"] = Parse("""
            { "type": "object", "required": ["profile", "status"], "properties": {
                "authScheme": { "type": "string", "enum": ["TOKEN"] },
                "baseUrl": { "type": "string" },
                "profile": { "type": "object", "required": ["authScheme"], "properties": {
                    "authScheme": { "type": "string", "enum": ["OAUTH2", "TOKEN", "UNKNOWN"] }, "signing": { "type": "object" } } },
                "status": { "type": "string", "enum": ["DISABLED", "ENABLED", "UNKNOWN"] },
                "_links": { "type": "object", "properties": {
                    "self": { "$ref": "HrefObject" }, "activate": { "$ref": "HrefObject" }, "deactivate": { "$ref": "HrefObject" }, "authorize": { "$ref": "HrefObject" } } } } }
            """),
        ["Error"] = Parse("""
            { "type": "object", "properties": {
                "errorCauses": { "type": "array", "items": { "type": "object", "properties": { "errorSummary": { "type": "string" } } } },
                "errorCode": { "type": "string" }, "errorId": { "type": "string" }, "errorLink": { "type": "string" }, "errorSummary": { "type": "string" } } }
            """),
    };

    /// <summary>Every way <paramref name="value"/> departs from the named schema (empty when it conforms).</summary>
    public static List<string> Check(JsonNode? value, string schema)
    {
        var problems = new List<string>();
        Check(value, Schemas[schema], "$", problems);
        return problems;
    }

    private static void Check(JsonNode? value, JsonObject schema, string at, List<string> problems)
    {
        if (schema["$ref"]?.GetValue<string>() is { } name)
        {
            Check(value, Schemas[name], at, problems);
            return;
        }
        var type = schema["type"]?.GetValue<string>();
        var kind = value?.GetValueKind();
        var fits = type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" or "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!fits)
        {
            problems.Add($"{at}: expected {type}, got {kind?.ToString() ?? "null"}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a!.GetValue<string>() == value!.GetValue<string>()))
        {
            problems.Add($"{at}: '{value}' is not one of {allowed.ToJsonString()}");
        }
        if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(value!.GetValue<string>(), out _))
        {
            problems.Add($"{at}: '{value}' is not a date-time");
        }
        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    problems.Add($"{at}: required property '{required}' is missing");
                }
            }
            foreach (var (property, sub) in schema["properties"]?.AsObject() ?? [])
            {
                if (obj.TryGetPropertyValue(property, out var child))
                {
                    Check(child, sub!.AsObject(), $"{at}.{property}", problems);
                }
            }
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{at}[{i}]", problems);
            }
        }
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
