using System;
using Newtonsoft.Json.Linq;

namespace ZscalerScim;

/// <summary>A user on the SCIM server.</summary>
public sealed class ScimUser
{
    internal ScimUser(JObject raw, ScimConnection connection)
    {
        Raw = raw;
        Connection = connection;
    }

    public string Id { get; internal init; } = string.Empty;

    public string UserName { get; internal init; } = string.Empty;

    public string? DisplayName { get; internal init; }

    public string? GivenName { get; internal init; }

    public string? FamilyName { get; internal init; }

    public string? Email { get; internal init; }

    public string? Department { get; internal init; }

    public string? ExternalId { get; internal init; }

    public bool Active { get; internal init; }

    /// <summary>Display names of the user's groups; Export-Csv writes them joined with "; ".</summary>
    public ScimTextList Groups { get; internal init; } = ScimTextList.Empty;

    public DateTime? LastModified { get; internal init; }

    /// <summary>The connection it was read with, so that piping it on uses the same server.</summary>
    public ScimConnection Connection { get; }

    internal JObject Raw { get; }

    public override string ToString() => UserName;
}
