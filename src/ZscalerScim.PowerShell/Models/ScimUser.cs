using System;
using System.Linq;
using Newtonsoft.Json.Linq;
using ZscalerScim.Scim;

namespace ZscalerScim;

/// <summary>A user on the SCIM server.</summary>
public sealed class ScimUser
{
    internal ScimUser(JObject raw, ScimConnection connection)
    {
        Raw = raw;
        Connection = connection;
        Id = (string?)raw["id"] ?? string.Empty;
        UserName = (string?)raw["userName"] ?? string.Empty;
        DisplayName = (string?)raw["displayName"];
        GivenName = (string?)raw["name"]?["givenName"];
        FamilyName = (string?)raw["name"]?["familyName"];
        JArray? emails = raw["emails"] as JArray;
        Email = (string?)(emails?.FirstOrDefault(e => ScimWire.Bool(e["primary"]) == true) ?? emails?.FirstOrDefault())?["value"];
        Department = (string?)raw[ScimWire.EnterpriseUser]?["department"] ?? (string?)raw["department"];
        ExternalId = (string?)raw["externalId"];
        Active = ScimWire.Bool(raw["active"]) ?? true;
        Groups = (raw["groups"] as JArray)?.Select(g => (string?)g["display"] ?? (string?)g["value"] ?? string.Empty).ToArray() ?? new string[0];
        LastModified = ScimWire.Date(raw["meta"]?["lastModified"]);
    }

    public string Id { get; }

    public string UserName { get; }

    public string? DisplayName { get; }

    public string? GivenName { get; }

    public string? FamilyName { get; }

    public string? Email { get; }

    public string? Department { get; }

    public string? ExternalId { get; }

    public bool Active { get; }

    /// <summary>Display names of the user's groups.</summary>
    public string[] Groups { get; }

    public DateTime? LastModified { get; }

    /// <summary>The connection it was read with, so that piping it on uses the same server.</summary>
    public ScimConnection Connection { get; }

    internal JObject Raw { get; }

    public override string ToString() => UserName;
}
