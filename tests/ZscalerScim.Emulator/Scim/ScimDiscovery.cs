using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary><c>/ServiceProviderConfig</c>, <c>/Schemas</c> and <c>/ResourceTypes</c> (RFC 7643 §5-7).</summary>
public static class ScimDiscovery
{
    public static JsonObject ServiceProviderConfig(ScimConfig config, string baseLocation, ScimProfile? profile = null) => new()
    {
        ["schemas"] = new JsonArray(ScimUrns.ServiceProviderConfig),
        ["documentationUri"] = (profile ?? ScimProfile.Zia).DocumentationUri,
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject
        {
            ["supported"] = config.BulkEnabled,
            ["maxOperations"] = config.BulkEnabled ? ScimConfig.BulkMaxOperations : 0,
            ["maxPayloadSize"] = config.BulkEnabled ? ScimConfig.BulkMaxPayloadSize : 0,
        },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = config.MaxPageSize },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = false },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = (profile ?? ScimProfile.Zia).TokenDescription,
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "ServiceProviderConfig",
            ["location"] = $"{baseLocation}/ServiceProviderConfig",
        },
    };

    public static JsonObject Schemas(string baseLocation) =>
        ScimJson.ListResponse(3, 1, AllSchemas(baseLocation));

    public static JsonObject? Schema(string id, string baseLocation) =>
        AllSchemas(baseLocation).FirstOrDefault(schema => string.Equals((string?)schema["id"], id, StringComparison.OrdinalIgnoreCase));

    public static JsonObject ResourceTypes(string baseLocation) =>
        ScimJson.ListResponse(2, 1, AllResourceTypes(baseLocation));

    public static JsonObject? ResourceType(string name, string baseLocation) =>
        AllResourceTypes(baseLocation).FirstOrDefault(type => string.Equals((string?)type["id"], name, StringComparison.OrdinalIgnoreCase));

    private static List<JsonObject> AllResourceTypes(string baseLocation) =>
    [
        ResourceTypeOf("User", "/Users", ScimUrns.User, "User Account", baseLocation, ScimUrns.EnterpriseUser),
        ResourceTypeOf("Group", "/Groups", ScimUrns.Group, "Group", baseLocation, null),
    ];

    private static JsonObject ResourceTypeOf(string name, string endpoint, string schema, string description, string baseLocation, string? extension)
    {
        var type = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.ResourceType),
            ["id"] = name,
            ["name"] = name,
            ["endpoint"] = endpoint,
            ["description"] = description,
            ["schema"] = schema,
        };
        if (extension is not null)
        {
            type["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = extension, ["required"] = false });
        }
        type["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseLocation}/ResourceTypes/{name}" };
        return type;
    }

    private static List<JsonObject> AllSchemas(string baseLocation) =>
    [
        SchemaOf(ScimUrns.User, "User", "User Account", baseLocation,
            Attribute("userName", required: true, uniqueness: "server"),
            Attribute("name", type: "complex", subAttributes: [Attribute("givenName"), Attribute("familyName")]),
            Attribute("displayName"),
            Attribute("emails", type: "complex", multiValued: true, subAttributes:
            [
                Attribute("value"),
                Attribute("type", canonicalValues: ["work", "home", "other"]),
                Attribute("primary", type: "boolean"),
            ]),
            Attribute("active", type: "boolean"),
            Attribute("groups", type: "complex", multiValued: true, mutability: "readOnly", subAttributes:
            [
                Attribute("value", mutability: "readOnly"),
                Attribute("display", mutability: "readOnly"),
            ])),
        SchemaOf(ScimUrns.Group, "Group", "Group", baseLocation,
            Attribute("displayName", required: true, uniqueness: "server"),
            Attribute("members", type: "complex", multiValued: true, subAttributes:
            [
                Attribute("value", mutability: "immutable"),
                Attribute("display", mutability: "readOnly"),
            ])),
        SchemaOf(ScimUrns.EnterpriseUser, "EnterpriseUser", "Enterprise User", baseLocation,
            Attribute("department")),
    ];

    private static JsonObject SchemaOf(string id, string name, string description, string baseLocation, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(ScimUrns.Schema),
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["attributes"] = new JsonArray(attributes),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseLocation}/Schemas/{id}" },
    };

    private static JsonObject Attribute(
        string name, string type = "string", bool multiValued = false, bool required = false, string mutability = "readWrite",
        string uniqueness = "none", string[]? canonicalValues = null, JsonObject[]? subAttributes = null)
    {
        var attribute = new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["multiValued"] = multiValued,
            ["required"] = required,
            ["caseExact"] = false,
            ["mutability"] = mutability,
            ["returned"] = "default",
            ["uniqueness"] = uniqueness,
        };
        if (canonicalValues is not null)
        {
            attribute["canonicalValues"] = new JsonArray([.. canonicalValues.Select(value => (JsonNode)JsonValue.Create(value))]);
        }
        if (subAttributes is not null)
        {
            attribute["subAttributes"] = new JsonArray(subAttributes);
        }
        return attribute;
    }
}
