using System;
using System.Linq;
using Newtonsoft.Json.Linq;
using ZscalerScim.Scim;

namespace ZscalerScim;

/// <summary>A group on the SCIM server.</summary>
public sealed class ScimGroup
{
    internal ScimGroup(JObject raw, ScimConnection connection)
    {
        Connection = connection;
        Id = (string?)raw["id"] ?? string.Empty;
        DisplayName = (string?)raw["displayName"] ?? string.Empty;
        ExternalId = (string?)raw["externalId"];
        JArray? members = raw["members"] as JArray;
        MemberIds = members?.Select(m => (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0];
        Members = members?.Select(m => (string?)m["display"] ?? (string?)m["value"] ?? string.Empty).ToArray() ?? new string[0];
        LastModified = ScimWire.Date(raw["meta"]?["lastModified"]);
    }

    public string Id { get; }

    public string DisplayName { get; }

    public string? ExternalId { get; }

    /// <summary>Members' display names (or ids where the server gives no name).</summary>
    public string[] Members { get; }

    public string[] MemberIds { get; }

    public int MemberCount => MemberIds.Length;

    public DateTime? LastModified { get; }

    public ScimConnection Connection { get; }

    public override string ToString() => DisplayName;
}
