using System;
using System.Collections.Generic;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Scim;

/// <summary>
/// The values of the user attributes this module manages (<see cref="UserAttributes"/>: names, PATCH paths, compare rules).
/// Null means "not managed here": left out of a create, never patched, never compared.
/// </summary>
internal sealed class UserFields
{
    public string? UserName { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Department { get; set; }

    public string? Title { get; set; }

    public string? ExternalId { get; set; }

    public bool? Active { get; set; }

    /// <summary>A new user's resource (POST /Users).</summary>
    public JObject ToResource()
    {
        using JTokenWriter writer = new();
        WriteResource(writer);
        return (JObject)writer.Token!;
    }

    /// <summary>
    /// Writes a new user's resource: the one shape of it. A first sync of a large tenant writes a million of these into
    /// bulk requests, so they go straight to text rather than through a JSON tree.
    /// </summary>
    public void WriteResource(JsonWriter json)
    {
        bool department = !string.IsNullOrEmpty(Department);
        json.WriteStartObject();
        json.WritePropertyName("schemas");
        json.WriteStartArray();
        json.WriteValue(ScimWire.UserSchema);
        if (department)
        {
            json.WriteValue(ScimWire.EnterpriseUser);
        }
        json.WriteEndArray();
        json.WritePropertyName("userName");
        json.WriteValue(UserName);
        Write(json, "externalId", ExternalId);
        Write(json, "displayName", DisplayName);
        if (!string.IsNullOrEmpty(GivenName) || !string.IsNullOrEmpty(FamilyName))
        {
            json.WritePropertyName("name");
            json.WriteStartObject();
            Write(json, "givenName", GivenName);
            Write(json, "familyName", FamilyName);
            json.WriteEndObject();
        }
        if (!string.IsNullOrEmpty(Email))
        {
            json.WritePropertyName("emails");
            WriteEmails(json, Email!);
        }
        if (department)
        {
            json.WritePropertyName(ScimWire.EnterpriseUser);
            json.WriteStartObject();
            Write(json, "department", Department);
            json.WriteEndObject();
        }
        Write(json, "title", Title);
        json.WritePropertyName("active");
        json.WriteValue(Active ?? true);
        json.WriteEndObject();
    }

    private static void Write(JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WritePropertyName(name);
            json.WriteValue(value);
        }
    }

    /// <summary>PATCH operations for exactly the managed attributes; an empty string removes the value.</summary>
    public JArray ToPatch()
    {
        JArray ops = new();
        void Set(string path, string? value, Func<string, JToken>? shape = null)
        {
            if (value is null)
            {
                return;
            }
            ops.Add(value.Length == 0 ? ScimClient.Op("remove", path, null) : ScimClient.Op("replace", path, shape?.Invoke(value) ?? value));
        }
        foreach (UserAttribute attribute in UserAttributes.Text)
        {
            Set(attribute.PatchPath, attribute.Get(this), attribute == UserAttributes.Email ? Emails : null);
        }
        if (Active is { } active)
        {
            ops.Add(ScimClient.Op("replace", "active", active));
        }
        return ops;
    }

    /// <summary>What the server holds for a user, in the same shape.</summary>
    public static UserFields FromUser(ScimUser user) => new()
    {
        UserName = user.UserName,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        DisplayName = user.DisplayName,
        Email = user.Email,
        Department = user.Department,
        ExternalId = user.ExternalId,
        Active = user.Active,
    };

    [ThreadStatic]
    private static StringBuilder? _describe;

    /// <summary>The managed attributes that differ from the server's user: what a sync must change, described as "name: 'old' -> 'new'".</summary>
    public UserFields ChangesFrom(UserFields current, List<string> described) => Compare(current, described, null)!;

    /// <summary>The descriptions <see cref="ChangesFrom"/> gives, joined as a <see cref="ScimTextList"/> reads, into one string without a string for each.</summary>
    public string DescribeChangesFrom(UserFields current)
    {
        StringBuilder joined = _describe ??= new StringBuilder(256);
        joined.Clear();
        Compare(current, null, joined);
        return joined.ToString();
    }

    // Each change either described on its own (into the list) or appended to one text; the changes themselves only with the list.
    private UserFields? Compare(UserFields current, List<string>? described, StringBuilder? joined)
    {
        UserFields? changes = described is null ? null : new UserFields();
        // Built in one reused buffer, not formatted or concatenated from an array: a first sync describes each
        // attribute of a million new users.
        StringBuilder text = joined ?? (_describe ??= new StringBuilder(256));
        int count = 0;
        StringBuilder Next()
        {
            if (joined is null)
            {
                text.Clear();
            }
            else if (count > 0)
            {
                text.Append(ScimTextList.Separator);
            }
            count++;
            return text;
        }
        foreach (UserAttribute attribute in UserAttributes.Text)
        {
            string? wanted = attribute.Get(this), have = attribute.Get(current);
            // A value ZIA does not keep: a server that answers without it dropped it, and sending it again changes nothing.
            if (wanted is null || (!attribute.ZiaKeeps && have is null) ||
                attribute.Same(wanted, have ?? string.Empty))
            {
                continue;
            }
            Next().Append(attribute.Name).Append(": '").Append(have).Append("' -> '").Append(wanted).Append('\'');
            if (changes is not null)
            {
                described!.Add(text.ToString());
                attribute.Set(changes, wanted);
            }
        }
        if (Active is { } active && active != (current.Active ?? true))
        {
            Next().Append("active: ").Append(current.Active ?? true).Append(" -> ").Append(active);
            if (changes is not null)
            {
                described!.Add(text.ToString());
                changes.Active = active;
            }
        }
        return changes;
    }

    /// <summary>Takes <paramref name="other"/>'s string for each value that is the same text, so that only one copy is held.</summary>
    public void ShareText(UserFields other)
    {
        static string? Same(string? mine, string? theirs) => string.Equals(mine, theirs, StringComparison.Ordinal) ? theirs : mine;
        foreach (UserAttribute attribute in UserAttributes.Text)
        {
            attribute.Set(this, Same(attribute.Get(this), attribute.Get(other)));
        }
    }

    public UserFields Copy() => (UserFields)MemberwiseClone();

    public bool IsEmpty => Active is null && Array.TrueForAll(UserAttributes.Text, a => a.Get(this) is null);

    /// <summary>The emails value, for a PATCH.</summary>
    private static JArray Emails(string email)
    {
        using JTokenWriter writer = new();
        WriteEmails(writer, email);
        return (JArray)writer.Token!;
    }

    /// <summary>The one shape of a user's emails: one work address, primary. Written straight to text in a bulk request.</summary>
    private static void WriteEmails(JsonWriter json, string email)
    {
        json.WriteStartArray();
        json.WriteStartObject();
        json.WritePropertyName("value");
        json.WriteValue(email);
        json.WritePropertyName("type");
        json.WriteValue("work");
        json.WritePropertyName("primary");
        json.WriteValue(true);
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
