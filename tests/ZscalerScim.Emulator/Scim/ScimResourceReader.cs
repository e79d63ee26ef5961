using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// Reads a user or group from a POST/PUT body. Attributes Zscaler does not keep are ignored;
/// read-only ones (<c>id</c>, <c>meta</c>, <c>groups</c>) are ignored as RFC 7644 §3.5.1 says.
/// </summary>
public static class ScimResourceReader
{
    public static UserAttributes ReadUser(JsonObject body, bool requireSchemas)
    {
        if (requireSchemas)
        {
            ScimValues.RequireSchema(body, ScimUrns.User);
        }
        var name = ScimValues.Object(body["name"], "name");
        var enterprise = ScimValues.Object(body[ScimUrns.EnterpriseUser], ScimUrns.EnterpriseUser);
        return new UserAttributes
        {
            UserName = ScimValues.RequiredText(body["userName"], "userName").Trim(),
            ExternalId = ScimValues.Text(body["externalId"], "externalId"),
            DisplayName = ScimValues.Text(body["displayName"], "displayName"),
            GivenName = ScimValues.Text(name?["givenName"], "name.givenName"),
            FamilyName = ScimValues.Text(name?["familyName"], "name.familyName"),
            Emails = ScimValues.Emails(body["emails"]),
            Active = body["active"] is not { } active || ScimValues.Bool(active, "active"),
            // The extension is the standard place; a top-level department is taken when it is absent.
            Department = enterprise?["department"] is { } department
                ? ScimValues.Text(department, "department")
                : ScimValues.Text(body["department"], "department"),
            ZscalerExtension = ScimValues.Object(body[ScimUrns.ZscalerUser], ScimUrns.ZscalerUser)?.DeepClone().AsObject(),
        };
    }

    public static (GroupAttributes Attributes, IReadOnlyList<string> MemberIds) ReadGroup(JsonObject body, bool requireSchemas)
    {
        if (requireSchemas)
        {
            ScimValues.RequireSchema(body, ScimUrns.Group);
        }
        var attributes = new GroupAttributes
        {
            DisplayName = ScimValues.RequiredText(body["displayName"], "displayName"),
            ExternalId = ScimValues.Text(body["externalId"], "externalId"),
        };
        return (attributes, ScimValues.MemberIds(body["members"]));
    }

    /// <summary>
    /// <c>userName</c> must be <c>user@domain</c> with a domain registered to the organization.
    /// </summary>
    public static void CheckUserName(string userName, IReadOnlyList<string> domains)
    {
        var at = userName.LastIndexOf('@');
        var domain = at > 0 && at < userName.Length - 1 ? userName[(at + 1)..] : null;
        if (domain is null || !domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            var registered = domains.Count == 0 ? "none" : string.Join(", ", domains);
            throw ScimException.InvalidValue(
                $"userName '{userName}' must be user@domain with a domain registered with Zscaler (registered: {registered})");
        }
    }
}
