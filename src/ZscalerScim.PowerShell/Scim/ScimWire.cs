using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>SCIM 2.0 names (RFC 7643/7644) as Zscaler serves them, in one place.</summary>
internal static class ScimWire
{
    public const string MediaType = "application/scim+json";

    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string BulkRequest = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    public const string Users = "Users";
    public const string Groups = "Groups";
    public const string Bulk = "Bulk";
    public const string ServiceProviderConfig = "ServiceProviderConfig";

    /// <summary>SCIM booleans may arrive as strings ("True", "false").</summary>
    public static bool? Bool(JToken? token) => token?.Type switch
    {
        JTokenType.Boolean => (bool)token,
        JTokenType.String => bool.TryParse((string?)token, out bool b) ? b : null,
        _ => null,
    };

    public static DateTime? Date(JToken? token) => token?.Type switch
    {
        JTokenType.Date => ((DateTime)token).ToLocalTime(),
        JTokenType.String => DateTime.TryParse((string?)token, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d) ? d.ToLocalTime() : null,
        _ => null,
    };

    /// <summary>A filter string value: double quotes and backslashes escaped (RFC 7644 §3.4.2.2).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Eq(string attribute, string value) => $"{attribute} eq {Quote(value)}";
}
