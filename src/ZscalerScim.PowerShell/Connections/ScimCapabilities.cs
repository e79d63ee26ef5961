
namespace ZscalerScim;

/// <summary>What the server says it supports (GET /ServiceProviderConfig); the client adapts to it.</summary>
public sealed class ScimCapabilities
{
    public bool Patch { get; internal init; }

    public bool Bulk { get; internal init; }

    public int BulkMaxOperations { get; internal init; }

    public int BulkMaxPayloadSize { get; internal init; }

    public bool Filter { get; internal init; }

    public int FilterMaxResults { get; internal init; }

    public bool ETag { get; internal init; }

    /// <summary>What a server that does not answer discovery is assumed to do: RFC 7644's mandatory minimum.</summary>
    internal static ScimCapabilities Minimal => new() { Patch = true, Filter = true, FilterMaxResults = 100 };

    public override string ToString() =>
        $"PATCH {(Patch ? "yes" : "no")}, Bulk {(Bulk ? $"{BulkMaxOperations} ops/{BulkMaxPayloadSize} bytes" : "no")}, filter {(Filter ? $"max {FilterMaxResults}" : "no")}, ETag {(ETag ? "yes" : "no")}";
}
