using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>What the server says it supports (GET /ServiceProviderConfig); the client adapts to it.</summary>
public sealed class ScimCapabilities
{
    public bool Patch { get; private set; }

    public bool Bulk { get; private set; }

    public int BulkMaxOperations { get; private set; }

    public int BulkMaxPayloadSize { get; private set; }

    public bool Filter { get; private set; }

    public int FilterMaxResults { get; private set; }

    public bool ETag { get; private set; }

    /// <summary>What a server that does not answer discovery is assumed to do: RFC 7644's mandatory minimum.</summary>
    internal static ScimCapabilities Minimal => new() { Patch = true, Filter = true, FilterMaxResults = 100 };

    internal static ScimCapabilities FromJson(JToken json) => new()
    {
        Patch = ScimWire.Bool(json["patch"]?["supported"]) ?? false,
        Bulk = ScimWire.Bool(json["bulk"]?["supported"]) ?? false,
        BulkMaxOperations = (int?)json["bulk"]?["maxOperations"] ?? 0,
        BulkMaxPayloadSize = (int?)json["bulk"]?["maxPayloadSize"] ?? 0,
        Filter = ScimWire.Bool(json["filter"]?["supported"]) ?? false,
        FilterMaxResults = (int?)json["filter"]?["maxResults"] ?? 0,
        ETag = ScimWire.Bool(json["etag"]?["supported"]) ?? false,
    };

    public override string ToString() =>
        $"PATCH {(Patch ? "yes" : "no")}, Bulk {(Bulk ? $"{BulkMaxOperations} ops/{BulkMaxPayloadSize} bytes" : "no")}, filter {(Filter ? $"max {FilterMaxResults}" : "no")}, ETag {(ETag ? "yes" : "no")}";
}
