using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>The public models of SCIM resources, read from the server's JSON (RFC 7643 names, Zscaler's extension).</summary>
internal static class ScimResources
{
    public static ScimUser User(JObject raw, ScimConnection connection)
    {
        UserFields fields = Fields(raw);
        return new ScimUser(raw, connection)
        {
            Id = Id(raw),
            UserName = fields.UserName ?? string.Empty,
            DisplayName = fields.DisplayName,
            GivenName = fields.GivenName,
            FamilyName = fields.FamilyName,
            Email = fields.Email,
            Department = fields.Department,
            ExternalId = fields.ExternalId,
            Active = fields.Active ?? true,
            Groups = new ScimTextList((raw["groups"] as JArray)?.Select(g => (string?)g["display"] ?? (string?)g["value"] ?? string.Empty).ToArray() ?? new string[0]),
            LastModified = ScimWire.Date(raw["meta"]?["lastModified"]),
        };
    }

    public static string Id(JObject raw) => (string?)raw["id"] ?? string.Empty;

    public static string UserName(JObject raw) => (string?)raw["userName"] ?? string.Empty;

    /// <summary>Only the attributes a sync manages: what the server snapshot holds of each user (no groups, dates or raw JSON).</summary>
    public static UserFields Fields(JObject raw) => ReadUser(raw.CreateReader()).Fields;

    /// <summary>
    /// A user's id and managed attributes, read from a reader on the user's StartObject (left on its EndObject): the one
    /// reading of a user resource, whether it streams in with a page of 1,000 or was read whole. What is not managed is skipped unread.
    /// </summary>
    public static (string Id, UserFields Fields) ReadUser(JsonReader reader)
    {
        if (reader.TokenType == JsonToken.None)
        {
            reader.Read();
        }
        string? id = null, department = null, extensionDepartment = null, firstEmail = null, primaryEmail = null;
        bool firstSeen = false, primarySeen = false;
        bool? active = null;
        UserFields fields = new();
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new JsonReaderException($"Expected a JSON object, found {reader.TokenType}.");
        }
        foreach (string name in JsonWalk.Properties(reader))
        {
            switch (name)
            {
                case "id": id = Text(reader); break;
                case "userName": fields.UserName = Text(reader); break;
                case "displayName": fields.DisplayName = Text(reader); break;
                case "externalId": fields.ExternalId = Text(reader); break;
                case "title": fields.Title = Text(reader); break;
                case "department": department = Text(reader); break;
                case "active":
                    reader.Read();
                    active = reader.TokenType is JsonToken.Boolean or JsonToken.String ? ScimWire.Bool(new JValue(reader.Value)) : null;
                    reader.Skip();
                    break;
                case "name" when reader.Read() && reader.TokenType == JsonToken.StartObject:
                    foreach (string part in JsonWalk.Properties(reader))
                    {
                        switch (part)
                        {
                            case "givenName": fields.GivenName = Text(reader); break;
                            case "familyName": fields.FamilyName = Text(reader); break;
                            default: reader.Skip(); break;
                        }
                    }
                    break;
                case ScimWire.EnterpriseUser when reader.Read() && reader.TokenType == JsonToken.StartObject:
                    foreach (string part in JsonWalk.Properties(reader))
                    {
                        if (part == "department")
                        {
                            extensionDepartment = Text(reader);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    break;
                case "emails" when reader.Read() && reader.TokenType == JsonToken.StartArray:
                    // The primary address, else the first.
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                    {
                        if (reader.TokenType != JsonToken.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }
                        string? value = null;
                        bool primary = false;
                        foreach (string part in JsonWalk.Properties(reader))
                        {
                            switch (part)
                            {
                                case "value": value = Text(reader); break;
                                case "primary":
                                    reader.Read();
                                    primary = reader.TokenType is JsonToken.Boolean or JsonToken.String && ScimWire.Bool(new JValue(reader.Value)) == true;
                                    reader.Skip();
                                    break;
                                default: reader.Skip(); break;
                            }
                        }
                        if (!firstSeen)
                        {
                            (firstSeen, firstEmail) = (true, value);
                        }
                        if (primary && !primarySeen)
                        {
                            (primarySeen, primaryEmail) = (true, value);
                        }
                    }
                    break;
                default:
                    // A value of another kind than expected ("name": "x") is skipped here, whole.
                    reader.Skip();
                    break;
            }
        }
        fields.UserName ??= string.Empty;
        fields.Email = primarySeen ? primaryEmail : firstEmail;
        // Zscaler answers with a top-level department too.
        fields.Department = extensionDepartment ?? department;
        fields.Active = active ?? true;
        return (id ?? string.Empty, fields);
    }

    /// <summary>
    /// What a group sync plans from, read from a reader on the group's StartObject (left on its EndObject): id, names and
    /// member ids, each id given to <paramref name="memberId"/> (which may hand back one shared string). No JSON tree: a
    /// sync of ZIA's 140K groups reads them all.
    /// </summary>
    public static (string Id, string DisplayName, string? ExternalId, string[] MemberIds) ReadGroup(JsonReader reader, System.Func<string, string> memberId)
    {
        if (reader.TokenType == JsonToken.None)
        {
            reader.Read();
        }
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new JsonReaderException($"Expected a JSON object, found {reader.TokenType}.");
        }
        string? id = null, displayName = null, externalId = null;
        List<string> members = new();
        foreach (string name in JsonWalk.Properties(reader))
        {
            switch (name)
            {
                case "id": id = Text(reader); break;
                case "displayName": displayName = Text(reader); break;
                case "externalId": externalId = Text(reader); break;
                case "members" when reader.Read() && reader.TokenType == JsonToken.StartArray:
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                    {
                        if (reader.TokenType != JsonToken.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }
                        string? value = null;
                        foreach (string part in JsonWalk.Properties(reader))
                        {
                            if (part == "value")
                            {
                                value = Text(reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                        // An entry that names no member (no object, no value) is not one the sync could add or remove.
                        if (!string.IsNullOrEmpty(value))
                        {
                            members.Add(memberId(value!));
                        }
                    }
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return (id ?? string.Empty, displayName ?? string.Empty, externalId, members.ToArray());
    }

    /// <summary>A string, number or boolean as text; null for null. Anything else is not a value this module can hold: the answer is unreadable.</summary>
    private static string? Text(JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonToken.String => (string)reader.Value!,
            JsonToken.Null or JsonToken.Undefined => null,
            JsonToken.Integer or JsonToken.Float or JsonToken.Boolean => new JValue(reader.Value).ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonReaderException($"Expected a text value at '{reader.Path}', found {reader.TokenType}."),
        };
    }

    public static ScimGroup Group(JObject raw, ScimConnection connection)
    {
        JArray? members = raw["members"] as JArray;
        string id = (string?)raw["id"] ?? string.Empty, displayName = (string?)raw["displayName"] ?? string.Empty;
        bool managed = ZIdentityGroups.Recognise(connection, id, displayName);
        return new ScimGroup(connection)
        {
            Id = id,
            DisplayName = displayName,
            IsManagedByZIdentity = managed,
            ExternalId = (string?)raw["externalId"],
            MemberIds = new ScimTextList(members?.Select(m => (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0]),
            Members = new ScimTextList(members?.Select(m => (string?)m["display"] ?? (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0]),
            LastModified = ScimWire.Date(raw["meta"]?["lastModified"]),
        };
    }

    /// <summary>GET /ServiceProviderConfig.</summary>
    public static ScimCapabilities Capabilities(JToken json) => new()
    {
        Patch = ScimWire.Bool(json["patch"]?["supported"]) ?? false,
        Bulk = ScimWire.Bool(json["bulk"]?["supported"]) ?? false,
        BulkMaxOperations = (int?)json["bulk"]?["maxOperations"] ?? 0,
        BulkMaxPayloadSize = (int?)json["bulk"]?["maxPayloadSize"] ?? 0,
        Filter = ScimWire.Bool(json["filter"]?["supported"]) ?? false,
        FilterMaxResults = (int?)json["filter"]?["maxResults"] ?? 0,
        ETag = ScimWire.Bool(json["etag"]?["supported"]) ?? false,
    };
}
