using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// Reads a user or group from a POST/PUT body. Attributes Zscaler does not keep are ignored;
/// read-only ones (<c>id</c>, <c>meta</c>, <c>groups</c>) are ignored as RFC 7644 §3.5.1 says.
/// </summary>
public static class ScimResourceReader
{
    /// <summary>Admin Portal limits: user ID and display name at most 127 characters, group names at most 128.</summary>
    public const int MaxUserNameLength = 127, MaxDisplayNameLength = 127, MaxGroupNameLength = 128;

    public static UserAttributes ReadUser(JsonObject body, bool requireSchemas)
    {
        if (requireSchemas)
        {
            ScimValues.RequireSchema(body, ScimUrns.User);
        }
        var name = ScimValues.Object(body["name"], "name");
        var enterprise = ScimValues.Object(body[ScimUrns.EnterpriseUser], ScimUrns.EnterpriseUser);
        var user = new UserAttributes
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
        CheckLengths(user);
        return user;
    }

    /// <exception cref="ScimException">400 invalidValue: userName or displayName over 127 characters.</exception>
    public static void CheckLengths(UserAttributes user)
    {
        if (user.UserName.Length > MaxUserNameLength)
        {
            throw ScimException.InvalidValue($"userName is {user.UserName.Length} characters long; Zscaler allows at most {MaxUserNameLength}");
        }
        if (user.DisplayName is { Length: > MaxDisplayNameLength } display)
        {
            throw ScimException.InvalidValue($"displayName is {display.Length} characters long; Zscaler allows at most {MaxDisplayNameLength}");
        }
    }

    /// <exception cref="ScimException">400 invalidValue: a group name over 128 characters.</exception>
    public static void CheckGroupName(string displayName)
    {
        if (displayName.Length > MaxGroupNameLength)
        {
            throw ScimException.InvalidValue($"displayName is {displayName.Length} characters long; Zscaler allows group names of at most {MaxGroupNameLength}");
        }
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
        CheckGroupName(attributes.DisplayName);
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
            throw new ScimException(StatusCodes.Status400BadRequest, "invalidValue",
                $"userName '{userName}' must be user@domain with a domain registered with Zscaler (registered: {registered})") { WrongDomain = true };
        }
    }
}
