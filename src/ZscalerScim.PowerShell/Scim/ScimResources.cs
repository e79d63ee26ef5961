using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>The public models of SCIM resources, read from the server's JSON (RFC 7643 names, Zscaler's extension).</summary>
internal static class ScimResources
{
    public static ScimUser User(JObject raw, ScimConnection connection)
    {
        JArray? emails = raw["emails"] as JArray;
        return new ScimUser(raw, connection)
        {
            Id = (string?)raw["id"] ?? string.Empty,
            UserName = (string?)raw["userName"] ?? string.Empty,
            DisplayName = (string?)raw["displayName"],
            GivenName = (string?)raw["name"]?["givenName"],
            FamilyName = (string?)raw["name"]?["familyName"],
            Email = (string?)(emails?.FirstOrDefault(e => ScimWire.Bool(e["primary"]) == true) ?? emails?.FirstOrDefault())?["value"],
            // Zscaler answers with a top-level department too.
            Department = (string?)raw[ScimWire.EnterpriseUser]?["department"] ?? (string?)raw["department"],
            ExternalId = (string?)raw["externalId"],
            Active = ScimWire.Bool(raw["active"]) ?? true,
            Groups = (raw["groups"] as JArray)?.Select(g => (string?)g["display"] ?? (string?)g["value"] ?? string.Empty).ToArray() ?? new string[0],
            LastModified = ScimWire.Date(raw["meta"]?["lastModified"]),
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
            MemberIds = members?.Select(m => (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0],
            Members = members?.Select(m => (string?)m["display"] ?? (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0],
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
