using System;

namespace ZscalerScim;

/// <summary>The result of Test-ZiaScimConnection.</summary>
public sealed class ScimConnectionTest
{
    public Uri BaseUrl { get; internal set; } = null!;

    /// <summary>Which server answered: ZIA's or ZIdentity's (from the URL's form and ServiceProviderConfig).</summary>
    public ScimServerKind Kind { get; internal set; }

    /// <summary>An HTTP answer came back from the server.</summary>
    public bool Reachable { get; internal set; }

    /// <summary>The server accepted the bearer token for a user query.</summary>
    public bool Authenticated { get; internal set; }

    /// <summary>The status of the last answer (0 without one).</summary>
    public int StatusCode { get; internal set; }

    public long ElapsedMs { get; internal set; }

    public bool SupportsPatch { get; internal set; }

    public bool SupportsBulk { get; internal set; }

    public int BulkMaxOperations { get; internal set; }

    public int BulkMaxPayloadSize { get; internal set; }

    public bool SupportsFilter { get; internal set; }

    public int FilterMaxResults { get; internal set; }

    public bool SupportsETag { get; internal set; }

    /// <summary>What works, or the likely cause of what does not.</summary>
    public string Message { get; internal set; } = string.Empty;

    public override string ToString() => $"{BaseUrl}: {Message}";
}
