using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>One PATCH operation; <see cref="Op"/> is lowercase (add, replace, remove).</summary>
public sealed record PatchOperation(string Op, string? Path, JsonNode? Value);

/// <summary>
/// A PATCH path: <c>attr</c>, <c>attr.sub</c>, <c>attr[filter]</c>, <c>attr[filter].sub</c>, maybe
/// prefixed by a schema URN. <see cref="Attribute"/> and <see cref="SubAttribute"/> are lowercase;
/// the enterprise extension's own path is the attribute <see cref="ScimPatch.EnterpriseAttribute"/>.
/// </summary>
public sealed record PatchPath(string Text, string Attribute, string? FilterText, string? SubAttribute);

/// <summary>
/// RFC 7644 §3.5.2 PATCH as Entra ID and Okta send it (README, "PATCH forms accepted"). Operations
/// apply in order to a copy; the store commits the result only when all of them succeed.
/// </summary>
public static class ScimPatch
{
    public const string EnterpriseAttribute = "enterprise";

    // RFC 7643 User attributes Zscaler does not keep: accepted and ignored, so a PATCH that also
    // carries them does not fail. Anything else unknown is 400 invalidPath (it is likely a typo).
    private static readonly HashSet<string> IgnoredUserAttributes = new(StringComparer.Ordinal)
    {
        "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale", "timezone", "password",
        "phonenumbers", "ims", "photos", "addresses", "entitlements", "roles", "x509certificates",
        "employeenumber", "costcenter", "organization", "division", "manager",
    };

    private static readonly HashSet<string> IgnoredNameParts = new(StringComparer.Ordinal)
    {
        "formatted", "middlename", "honorificprefix", "honorificsuffix",
    };

    /// <summary>The operations of a PatchOp body.</summary>
    /// <exception cref="ScimException">400 invalidSyntax: no PatchOp schema, no Operations, an unknown op.</exception>
    public static IReadOnlyList<PatchOperation> ReadOperations(JsonObject body)
    {
        ScimValues.RequireSchema(body, ScimUrns.PatchOp);
        if (body["Operations"] is not JsonArray operations || operations.Count == 0)
        {
            throw ScimException.InvalidSyntax("A PATCH body needs a non-empty Operations array");
        }
        return [.. operations.Select(ReadOperation)];
    }

    private static PatchOperation ReadOperation(JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw ScimException.InvalidSyntax("Each PATCH operation must be an object");
        }
        var op = (ScimValues.Text(operation["op"], "op") ?? "").ToLowerInvariant();
        if (op is not ("add" or "replace" or "remove"))
        {
            throw ScimException.InvalidSyntax($"PATCH op '{operation["op"]}' is not add, replace or remove");
        }
        var path = ScimValues.Text(operation["path"], "path");
        var value = operation["value"];
        if (path is null && op != "remove" && value is null)
        {
            throw ScimException.InvalidSyntax($"A PATCH {op} without a path needs a value");
        }
        return new PatchOperation(op, string.IsNullOrWhiteSpace(path) ? null : path.Trim(), value);
    }

    /// <exception cref="ScimException">400 invalidPath, invalidValue, mutability or noTarget.</exception>
    public static PatchPath ParsePath(string text, string coreUrn)
    {
        var rest = text;
        if (rest.StartsWith(ScimUrns.EnterpriseUser, StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[ScimUrns.EnterpriseUser.Length..];
            if (rest.Length == 0)
            {
                return new PatchPath(text, EnterpriseAttribute, null, null);
            }
            if (rest[0] != ':' || rest.Length == 1)
            {
                throw ScimException.InvalidPath($"'{text}' is not a valid path");
            }
            // The extension's attributes: department is kept, the others are ignored.
            var extensionPath = ParsePath(rest[1..], coreUrn);
            return extensionPath.Attribute == "department" || IgnoredUserAttributes.Contains(extensionPath.Attribute)
                ? extensionPath with { Text = text }
                : throw ScimException.InvalidPath($"'{text}' is not an attribute of the enterprise extension");
        }
        if (rest.Length > coreUrn.Length && rest.StartsWith(coreUrn, StringComparison.OrdinalIgnoreCase) && rest[coreUrn.Length] == ':')
        {
            rest = rest[(coreUrn.Length + 1)..];
        }

        string attribute;
        string? filter = null;
        string? sub = null;
        var bracket = rest.IndexOf('[');
        if (bracket >= 0)
        {
            var close = rest.LastIndexOf(']');
            if (close < bracket)
            {
                throw ScimException.InvalidPath($"The '[' of path '{text}' is not closed");
            }
            attribute = rest[..bracket];
            filter = rest[(bracket + 1)..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                sub = after.Length > 1 && after[0] == '.'
                    ? after[1..]
                    : throw ScimException.InvalidPath($"Unexpected '{after}' after the filter of path '{text}'");
            }
        }
        else
        {
            var dot = rest.IndexOf('.');
            attribute = dot < 0 ? rest : rest[..dot];
            sub = dot < 0 ? null : rest[(dot + 1)..];
        }
        if (attribute.Length == 0 || attribute.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('$' or '_' or '-'))
            || sub is { Length: 0 } || sub?.Contains('.') == true)
        {
            throw ScimException.InvalidPath($"'{text}' is not a valid path");
        }
        return new PatchPath(text, attribute.ToLowerInvariant(), filter, sub?.ToLowerInvariant());
    }

    // ---------------- users ----------------

    public static UserAttributes ApplyToUser(UserAttributes user, IReadOnlyList<PatchOperation> operations)
    {
        foreach (var operation in operations)
        {
            user = operation.Path is { } path
                ? ApplyUserPath(user, operation.Op, ParsePath(path, ScimUrns.User), operation.Value)
                : ApplyUserWithoutPath(user, operation.Op, operation.Value);
        }
        return user;
    }

    // Okta: {"op":"replace","value":{"active":false,...}}: each member is applied as if it were the path.
    private static UserAttributes ApplyUserWithoutPath(UserAttributes user, string op, JsonNode? value)
    {
        if (op == "remove")
        {
            throw ScimException.NoTarget("A PATCH remove needs a path");
        }
        if (value is not JsonObject members)
        {
            throw ScimException.InvalidValue($"A PATCH {op} without a path needs an object value");
        }
        foreach (var (name, member) in members)
        {
            if (name.Equals("schemas", StringComparison.OrdinalIgnoreCase) || name.Equals("id", StringComparison.OrdinalIgnoreCase)
                || name.Equals("meta", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            user = ApplyUserPath(user, op, ParsePath(name, ScimUrns.User), member);
        }
        return user;
    }

    private static UserAttributes ApplyUserPath(UserAttributes user, string op, PatchPath path, JsonNode? value)
    {
        var remove = op == "remove";
        if (path.FilterText is not null && path.Attribute != "emails" && !IgnoredUserAttributes.Contains(path.Attribute))
        {
            throw ScimException.InvalidPath($"'{path.Text}': only emails takes a [filter] here");
        }
        if (path.SubAttribute is not null && path.Attribute is not ("name" or "emails") && !IgnoredUserAttributes.Contains(path.Attribute))
        {
            throw ScimException.InvalidPath($"'{path.Text}': {path.Attribute} has no sub-attributes");
        }
        switch (path.Attribute)
        {
            case "username":
                return remove
                    ? throw ScimException.Mutability("userName is required and cannot be removed")
                    : user with { UserName = ScimValues.RequiredText(value, "userName").Trim() };
            case "externalid":
                return user with { ExternalId = remove ? null : ScimValues.Text(value, "externalId") };
            case "displayname":
                return user with { DisplayName = remove ? null : ScimValues.Text(value, "displayName") };
            case "active":
                return remove
                    ? throw ScimException.Mutability("active cannot be removed: replace it with false to disable the user")
                    : user with { Active = ScimValues.Bool(value, "active") };
            case "department":
                return user with { Department = remove ? null : ScimValues.Text(value, "department") };
            case EnterpriseAttribute:
                if (remove)
                {
                    return user with { Department = null };
                }
                var extension = ScimValues.Object(value, ScimUrns.EnterpriseUser);
                return extension?["department"] is { } department
                    ? user with { Department = ScimValues.Text(department, "department") }
                    : user;
            case "name":
                return ApplyName(user, remove, path, value);
            case "emails":
                return user with { Emails = ScimValues.NormalizeEmails(ApplyEmails([.. user.Emails], op, path, value)) };
            case "groups":
                throw ScimException.Mutability("groups is read-only: change membership through /Groups");
            case "id" or "meta" or "schemas":
                throw ScimException.Mutability($"{path.Attribute} is read-only");
            default:
                return IgnoredUserAttributes.Contains(path.Attribute)
                    ? user
                    : throw ScimException.InvalidPath($"'{path.Text}' is not an attribute of a user");
        }
    }

    private static UserAttributes ApplyName(UserAttributes user, bool remove, PatchPath path, JsonNode? value)
    {
        switch (path.SubAttribute)
        {
            case null when remove:
                return user with { GivenName = null, FamilyName = null };
            case null:
                // A complex value: sub-attributes given replace, the others stay (RFC 7644 §3.5.2.3).
                var name = ScimValues.Object(value, "name");
                if (name?["givenName"] is { } given)
                {
                    user = user with { GivenName = ScimValues.Text(given, "name.givenName") };
                }
                if (name?["familyName"] is { } family)
                {
                    user = user with { FamilyName = ScimValues.Text(family, "name.familyName") };
                }
                return user;
            case "givenname":
                return user with { GivenName = remove ? null : ScimValues.Text(value, "name.givenName") };
            case "familyname":
                return user with { FamilyName = remove ? null : ScimValues.Text(value, "name.familyName") };
            default:
                return IgnoredNameParts.Contains(path.SubAttribute)
                    ? user
                    : throw ScimException.InvalidPath($"'{path.Text}' is not a part of name");
        }
    }

    private static List<ScimEmail> ApplyEmails(List<ScimEmail> emails, string op, PatchPath path, JsonNode? value)
    {
        if (path.FilterText is null)
        {
            if (path.SubAttribute is not null)
            {
                throw ScimException.InvalidPath($"'{path.Text}': select an email with a filter, e.g. emails[type eq \"work\"].value");
            }
            switch (op)
            {
                case "remove" when value is null:
                    return [];
                case "remove":
                    var gone = ScimValues.Objects(value, "emails").Select(item => ScimValues.Text(item["value"], "emails.value")).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    return [.. emails.Where(email => !gone.Contains(email.Value))];
                case "add":
                    var added = ScimValues.Objects(value, "emails").Select(ScimValues.Email)
                        .Where(email => !emails.Any(e => e.Value.Equals(email.Value, StringComparison.OrdinalIgnoreCase) && e.Type == email.Type));
                    return [.. emails, .. added];
                default:
                    return [.. ScimValues.Objects(value, "emails").Select(ScimValues.Email)];
            }
        }

        var filter = ScimFilter.Parse(path.FilterText, FilterRules.Emails);
        var matched = emails.Select((email, index) => (email, index))
            .Where(pair => filter.Matches(c => MatchEmail(pair.email, c))).Select(pair => pair.index).ToList();
        if (op == "remove")
        {
            // Removing an email's value (or the email) removes the entry; type and primary reset.
            return path.SubAttribute switch
            {
                null or "value" => [.. emails.Where((_, index) => !matched.Contains(index))],
                "type" => [.. emails.Select((email, index) => matched.Contains(index) ? email with { Type = "work" } : email)],
                "primary" => [.. emails.Select((email, index) => matched.Contains(index) ? email with { Primary = false } : email)],
                _ => throw ScimException.InvalidPath($"'{path.Text}': emails has value, type and primary"),
            };
        }

        if (matched.Count == 0)
        {
            // Entra ID sets emails[type eq "work"].value on a user without a work email: create it.
            var type = filter.RequiredEquality("type") ?? "work";
            var created = path.SubAttribute switch
            {
                "value" => new ScimEmail(ScimValues.RequiredText(value, "emails.value"), type, emails.Count == 0),
                null => Merge(new ScimEmail(filter.RequiredEquality("value") ?? "", type, emails.Count == 0), value),
                _ => throw ScimException.NoTarget($"No email matches '{path.Text}'"),
            };
            return created.Value.Length == 0
                ? throw ScimException.InvalidValue("An email needs a value")
                : [.. emails, created];
        }
        return [.. emails.Select((email, index) => !matched.Contains(index) ? email : path.SubAttribute switch
        {
            null => Merge(email, value),
            "value" => email with { Value = ScimValues.RequiredText(value, "emails.value") },
            "type" => email with { Type = ScimValues.RequiredText(value, "emails.type") },
            "primary" => email with { Primary = ScimValues.Bool(value, "emails.primary") },
            _ => throw ScimException.InvalidPath($"'{path.Text}': emails has value, type and primary"),
        })];
    }

    private static ScimEmail Merge(ScimEmail email, JsonNode? value)
    {
        var item = ScimValues.Object(value, "emails") ?? throw ScimException.InvalidValue("An email must be an object");
        return new ScimEmail(
            item["value"] is { } v ? ScimValues.RequiredText(v, "emails.value") : email.Value,
            item["type"] is { } t ? ScimValues.RequiredText(t, "emails.type") : email.Type,
            item["primary"] is { } p ? ScimValues.Bool(p, "emails.primary") : email.Primary);
    }

    private static bool MatchEmail(ScimEmail email, FilterComparison comparison) =>
        comparison.Attribute switch
        {
            "type" => string.Equals(email.Type, comparison.Text, StringComparison.OrdinalIgnoreCase),
            "value" => string.Equals(email.Value, comparison.Text, StringComparison.OrdinalIgnoreCase),
            "primary" => email.Primary == comparison.Flag,
            _ => false,
        };

    // ---------------- groups ----------------

    public static void ApplyToGroup(GroupDraft group, IReadOnlyList<PatchOperation> operations)
    {
        foreach (var operation in operations)
        {
            if (operation.Path is { } path)
            {
                ApplyGroupPath(group, operation.Op, ParsePath(path, ScimUrns.Group), operation.Value);
                continue;
            }
            if (operation.Op == "remove")
            {
                throw ScimException.NoTarget("A PATCH remove needs a path");
            }
            if (operation.Value is not JsonObject members)
            {
                throw ScimException.InvalidValue($"A PATCH {operation.Op} without a path needs an object value");
            }
            foreach (var (name, member) in members)
            {
                if (!name.Equals("schemas", StringComparison.OrdinalIgnoreCase) && !name.Equals("id", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("meta", StringComparison.OrdinalIgnoreCase))
                {
                    ApplyGroupPath(group, operation.Op, ParsePath(name, ScimUrns.Group), member);
                }
            }
        }
    }

    private static void ApplyGroupPath(GroupDraft group, string op, PatchPath path, JsonNode? value)
    {
        var remove = op == "remove";
        if (path.Attribute != "members" && (path.FilterText is not null || path.SubAttribute is not null))
        {
            throw ScimException.InvalidPath($"'{path.Text}': {path.Attribute} has no sub-attributes");
        }
        switch (path.Attribute)
        {
            case "displayname":
                group.Attributes = remove
                    ? throw ScimException.Mutability("displayName is required and cannot be removed")
                    : group.Attributes with { DisplayName = ScimValues.RequiredText(value, "displayName") };
                return;
            case "externalid":
                group.Attributes = group.Attributes with { ExternalId = remove ? null : ScimValues.Text(value, "externalId") };
                return;
            case "members":
                ApplyMembers(group.MemberIds, op, path, value);
                return;
            case "id" or "meta" or "schemas":
                throw ScimException.Mutability($"{path.Attribute} is read-only");
            default:
                throw ScimException.InvalidPath($"'{path.Text}' is not an attribute of a group");
        }
    }

    private static void ApplyMembers(HashSet<string> members, string op, PatchPath path, JsonNode? value)
    {
        if (path.SubAttribute is not null)
        {
            throw ScimException.InvalidPath($"'{path.Text}': members are added or removed whole");
        }
        if (path.FilterText is not null)
        {
            // Okta: {"op":"remove","path":"members[value eq \"id\"]"}.
            if (op != "remove")
            {
                throw ScimException.InvalidPath($"'{path.Text}': a members filter is only for remove; add members with path \"members\"");
            }
            var filter = ScimFilter.Parse(path.FilterText, FilterRules.Members);
            members.RemoveWhere(id => filter.Matches(c => string.Equals(id, c.Text, StringComparison.Ordinal)));
            return;
        }
        switch (op)
        {
            case "add":
                members.UnionWith(ScimValues.MemberIds(value));
                break;
            case "replace":
                members.Clear();
                members.UnionWith(ScimValues.MemberIds(value));
                break;
            case "remove" when value is null:
                members.Clear();
                break;
            default:
                // Entra ID: {"op":"Remove","path":"members","value":[{"value":"id"}]}.
                members.ExceptWith(ScimValues.MemberIds(value));
                break;
        }
    }
}
