using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.ZIdentity;

namespace ZscalerScim.Scim;

/// <summary>
/// Which server a SCIM base URL names, from its form: the path shape first (so that a test server on loopback is
/// recognised as the real one), then the host. ServiceProviderConfig may correct it later (<see cref="FromConfig"/>).
/// </summary>
internal static class ScimEndpointForm
{
    // ZIdentity's ids: 13 lowercase letters and digits, e.g. /scim/h1gkrvmic07od (help.zscaler.com/zidentity/scim-api-examples).
    private static readonly Regex ZIdentityId = new("^[a-z0-9]{8,32}$", RegexOptions.CultureInvariant);

    public static ScimServerKind KindOf(Uri url)
    {
        string[] parts = url.AbsolutePath.Trim('/').Split('/');
        bool IsNumber(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        bool IsScim(string s) => s.Equals("scim", StringComparison.OrdinalIgnoreCase);
        // ZIA: /<orgId>/<idpId>/scim, and the deprecated per-organization /<orgId>/scim (help.zscaler.com/zia/scim-api-examples).
        if ((parts.Length == 3 && IsNumber(parts[0]) && IsNumber(parts[1]) && IsScim(parts[2])) ||
            (parts.Length == 2 && IsNumber(parts[0]) && IsScim(parts[1])))
        {
            return ScimServerKind.Zia;
        }
        if (parts.Length == 2 && IsScim(parts[0]) && ZIdentityId.IsMatch(parts[1]))
        {
            return ScimServerKind.ZIdentity;
        }
        string host = url.Host.ToLowerInvariant();
        if (ZIdentityWire.IsZIdentityHost(host))
        {
            return ScimServerKind.ZIdentity;
        }
        return host.StartsWith("scim.", StringComparison.Ordinal) ? ScimServerKind.Zia : ScimServerKind.Unknown;
    }

    /// <summary>The server kind's own limit. An unknown server gets ZIA's, the safe one.</summary>
    public static double RequestsPerSecond(ScimServerKind kind) =>
        kind == ScimServerKind.ZIdentity ? ServiceLimits.ZIdentityScimRequestsPerSecond : ServiceLimits.ZiaScimRequestsPerSecond;

    /// <summary>What ServiceProviderConfig says the server is (its documentationUri), or null when it does not say.</summary>
    public static ScimServerKind? FromConfig(JToken config)
    {
        string? doc = (string?)config["documentationUri"];
        if (string.IsNullOrEmpty(doc) || doc!.IndexOf("zscaler", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }
        return doc.IndexOf("/zidentity/", StringComparison.OrdinalIgnoreCase) >= 0 ? ScimServerKind.ZIdentity
            : doc.IndexOf("/zia/", StringComparison.OrdinalIgnoreCase) >= 0 ? ScimServerKind.Zia
            : null;
    }
}
