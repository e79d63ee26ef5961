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
    public static UserFields Fields(JObject raw)
    {
        JArray? emails = raw["emails"] as JArray;
        JToken? email = null;
        if (emails is not null)
        {
            foreach (JToken e in emails)
            {
                if (ScimWire.Bool(e["primary"]) == true)
                {
                    email = e;
                    break;
                }
            }
            email ??= emails.Count > 0 ? emails[0] : null;
        }
        JToken? name = raw["name"];
        return new UserFields
        {
            UserName = (string?)raw["userName"] ?? string.Empty,
            DisplayName = (string?)raw["displayName"],
            GivenName = (string?)name?["givenName"],
            FamilyName = (string?)name?["familyName"],
            Email = (string?)email?["value"],
            // Zscaler answers with a top-level department too.
            Department = (string?)raw[ScimWire.EnterpriseUser]?["department"] ?? (string?)raw["department"],
            ExternalId = (string?)raw["externalId"],
            Title = (string?)raw["title"],
            Active = ScimWire.Bool(raw["active"]) ?? true,
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
