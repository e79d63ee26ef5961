using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>Representations (RFC 7643), ListResponse and the error body; all sent as application/scim+json.</summary>
public static class ScimJson
{
    public const string ContentType = "application/scim+json; charset=utf-8";

    /// <summary>How request bodies are parsed: SCIM attribute names are case-insensitive.</summary>
    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    public static IResult Result(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, (JsonSerializerOptions?)null, ContentType, status);

    public static JsonObject ErrorBody(int status, string? scimType, string detail)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.Error),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }
        body["detail"] = detail;
        return body;
    }

    public static IResult Error(int status, string? scimType, string detail) => Result(ErrorBody(status, scimType, detail), status);

    public static IResult Error(ScimException e) => Error(e.Status, e.ScimType, e.Message);

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ListResponse(int total, int startIndex, IEnumerable<JsonNode> resources)
    {
        var items = new JsonArray([.. resources]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.ListResponse),
            ["totalResults"] = total,
            ["itemsPerPage"] = items.Count,
            ["startIndex"] = startIndex,
            ["Resources"] = items,
        };
    }

    public static JsonObject User(ScimUser user, string location)
    {
        var attributes = user.Attributes;
        var json = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.User, ScimUrns.EnterpriseUser),
            ["id"] = user.Id,
        };
        if (attributes.ExternalId is not null)
        {
            json["externalId"] = attributes.ExternalId;
        }
        json["userName"] = attributes.UserName;
        if (attributes.DisplayName is not null)
        {
            json["displayName"] = attributes.DisplayName;
        }
        if (attributes.GivenName is not null || attributes.FamilyName is not null)
        {
            var name = new JsonObject();
            if (attributes.GivenName is not null)
            {
                name["givenName"] = attributes.GivenName;
            }
            if (attributes.FamilyName is not null)
            {
                name["familyName"] = attributes.FamilyName;
            }
            json["name"] = name;
        }
        if (attributes.Emails.Count > 0)
        {
            json["emails"] = new JsonArray([.. attributes.Emails.Select(email => (JsonNode)new JsonObject
            {
                ["value"] = email.Value,
                ["type"] = email.Type,
                ["primary"] = email.Primary,
            })]);
        }
        json["active"] = attributes.Active;
        if (attributes.Department is not null)
        {
            json["department"] = attributes.Department;
            json[ScimUrns.EnterpriseUser] = new JsonObject { ["department"] = attributes.Department };
        }
        if (attributes.ZscalerExtension is not null)
        {
            ((JsonArray)json["schemas"]!).Add(ScimUrns.ZscalerUser);
            json[ScimUrns.ZscalerUser] = attributes.ZscalerExtension.DeepClone();
        }
        json["groups"] = References(user.Groups);
        json["meta"] = Meta("User", user.Created, user.LastModified, location);
        return json;
    }

    public static JsonObject Group(ScimGroup group, string location)
    {
        var json = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.Group),
            ["id"] = group.Id,
        };
        if (group.Attributes.ExternalId is not null)
        {
            json["externalId"] = group.Attributes.ExternalId;
        }
        json["displayName"] = group.Attributes.DisplayName;
        if (group.Members is not null)
        {
            json["members"] = References(group.Members);
        }
        json["meta"] = Meta("Group", group.Created, group.LastModified, location);
        return json;
    }

    private static JsonArray References(IReadOnlyList<ScimRef> references) =>
        new([.. references.Select(reference => (JsonNode)new JsonObject
        {
            ["value"] = reference.Value,
            ["display"] = reference.Display,
        })]);

    private static JsonObject Meta(string resourceType, DateTimeOffset created, DateTimeOffset lastModified, string location) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = Timestamp(created),
        ["lastModified"] = Timestamp(lastModified),
        ["location"] = location,
    };

    /// <summary>
    /// <c>attributes</c> / <c>excludedAttributes</c> (RFC 7644 §3.4.2.5) on top-level attributes;
    /// <c>schemas</c>, <c>id</c> and <c>meta</c> always stay. Null lists mean "not asked".
    /// </summary>
    public static JsonObject Project(JsonObject resource, AttributeSelection selection, string coreUrn)
    {
        if (selection.IsEmpty)
        {
            return resource;
        }
        foreach (var name in resource.Select(pair => pair.Key).ToList())
        {
            if (name is "schemas" or "id" or "meta")
            {
                continue;
            }
            if (!selection.Returns(name, coreUrn))
            {
                resource.Remove(name);
            }
        }
        return resource;
    }
}

/// <summary>The <c>attributes</c> and <c>excludedAttributes</c> of a read.</summary>
public sealed record AttributeSelection(IReadOnlyList<string>? Attributes, IReadOnlyList<string>? Excluded)
{
    public static AttributeSelection None { get; } = new(null, null);

    public bool IsEmpty => Attributes is null && Excluded is null;

    public static AttributeSelection Parse(string? attributes, string? excluded) =>
        new(Split(attributes), Split(excluded));

    private static string[]? Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the top-level attribute <paramref name="name"/> is returned.</summary>
    public bool Returns(string name, string coreUrn)
    {
        if (Excluded is not null && Excluded.Any(path => TopLevel(path, coreUrn).Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        return Attributes is null || Attributes.Any(path => TopLevel(path, coreUrn).Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    // "name.givenName" -> "name"; "urn:...:core:2.0:User:userName" -> "userName"; the extension
    // "urn:...:enterprise:2.0:User:department" -> the extension's URN.
    private static string TopLevel(string path, string coreUrn)
    {
        if (path.StartsWith(ScimUrns.EnterpriseUser, StringComparison.OrdinalIgnoreCase))
        {
            return ScimUrns.EnterpriseUser;
        }
        if (path.Length > coreUrn.Length && path.StartsWith(coreUrn, StringComparison.OrdinalIgnoreCase) && path[coreUrn.Length] == ':')
        {
            path = path[(coreUrn.Length + 1)..];
        }
        var dot = path.IndexOf('.');
        return dot < 0 ? path : path[..dot];
    }

    /// <summary>Whether a group read needs its members (Entra ID reads with excludedAttributes=members).</summary>
    public bool Returns(string name) => Returns(name, ScimUrns.Group);
}
