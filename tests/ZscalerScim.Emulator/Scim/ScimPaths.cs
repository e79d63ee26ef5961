using System.Text.RegularExpressions;

namespace ZscalerScim.Emulator.Scim;

/// <summary>Recognises SCIM paths (for the fault middleware and the counters).</summary>
public static partial class ScimPaths
{
    private static readonly string[] Resources =
        ["Users", "Groups", "Bulk", "ServiceProviderConfig", "Schemas", "ResourceTypes", ".search"];

    // ZIA's /<orgId>/<idpId>/scim and ZIdentity's /scim/<id>.
    [GeneratedRegex(@"^(/\d+/\d+/scim|/scim/[a-z0-9]+)(?<rest>/.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScimPath();

    public static bool IsScim(string path) => ScimPath().IsMatch(path);

    /// <summary>
    /// The path below the base with ids replaced: <c>/Users</c>, <c>/Users/{id}</c>, <c>/Bulk</c>...;
    /// null when <paramref name="path"/> is not a SCIM path.
    /// </summary>
    public static string? Normalize(string path)
    {
        var match = ScimPath().Match(path);
        if (!match.Success)
        {
            return null;
        }
        var segments = match.Groups["rest"].Value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "/";
        }
        var resource = Resources.FirstOrDefault(r => r.Equals(segments[0], StringComparison.OrdinalIgnoreCase)) ?? segments[0];
        return segments.Length switch
        {
            1 => $"/{resource}",
            2 when segments[1].Equals(".search", StringComparison.OrdinalIgnoreCase) => $"/{resource}/.search",
            2 => $"/{resource}/{{id}}",
            _ => $"/{resource}/{{id}}/{string.Join('/', segments[2..])}",
        };
    }

    /// <summary>True for a path below the base that names a known resource (then a wrong method is 405).</summary>
    public static bool IsKnownResource(string? rest)
    {
        var segments = (rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length is 1 or 2 && Resources.Contains(segments[0], StringComparer.OrdinalIgnoreCase);
    }
}
