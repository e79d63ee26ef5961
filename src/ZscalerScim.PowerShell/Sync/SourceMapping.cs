using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Reads the managed SCIM attributes from whatever the pipeline brings: Get-ADUser, Get-MgUser, or CSV rows
/// with the SCIM names. An -AttributeMap entry (a property name or a script block over $_) wins.
/// </summary>
internal static class SourceMapping
{
    // SCIM attribute -> property names tried in order (PowerShell property lookup ignores case).
    private static readonly (string Attribute, string[] Properties)[] Defaults =
    {
        ("userName", new[] { "userName", "UserPrincipalName" }),
        ("givenName", new[] { "givenName" }),
        ("familyName", new[] { "familyName", "Surname", "sn" }),
        ("displayName", new[] { "displayName" }),
        ("department", new[] { "department" }),
        ("email", new[] { "email", "EmailAddress", "mail" }),
        ("externalId", new[] { "externalId", "ObjectGUID", "Id" }),
        ("active", new[] { "active", "Enabled", "AccountEnabled" }),
    };

    public static IEnumerable<string> Attributes => Defaults.Select(d => d.Attribute);

    /// <summary>Throws ArgumentException for a map key that is not a managed attribute, or a value that is neither a property name nor a script block.</summary>
    public static void CheckMap(IDictionary? map)
    {
        foreach (object key in map?.Keys ?? Array.Empty<object>())
        {
            if (!Defaults.Any(d => string.Equals(d.Attribute, key?.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"-AttributeMap key '{key}' is not one of: {string.Join(", ", Attributes)}.");
            }
            object? value = map![key!] is PSObject ps ? ps.BaseObject : map[key!];
            if (value is not (string or ScriptBlock))
            {
                throw new ArgumentException($"-AttributeMap value for '{key}' must be a property name or a script block, not {value?.GetType().Name ?? "null"}.");
            }
        }
    }

    /// <summary>Runs on the pipeline thread (script blocks need it).</summary>
    public static UserFields Map(PSObject input, IDictionary? map)
    {
        UserFields user = new()
        {
            UserName = Text(Read(input, "userName", map)),
            GivenName = Text(Read(input, "givenName", map)),
            FamilyName = Text(Read(input, "familyName", map)),
            DisplayName = Text(Read(input, "displayName", map)),
            Department = Text(Read(input, "department", map)),
            Email = Text(Read(input, "email", map)),
            ExternalId = Text(Read(input, "externalId", map)),
        };
        Found active = Read(input, "active", map);
        user.Active = active.Present ? Bool(active.Value) : null;
        return user;
    }

    private readonly struct Found
    {
        public Found(bool present, object? value)
        {
            Present = present;
            Value = value;
        }

        public bool Present { get; }

        public object? Value { get; }
    }

    private static Found Read(PSObject input, string attribute, IDictionary? map)
    {
        object? mapped = map?.Keys.Cast<object>().Where(k => string.Equals(k?.ToString(), attribute, StringComparison.OrdinalIgnoreCase)).Select(k => map[k]).FirstOrDefault();
        if (mapped is PSObject wrapped)
        {
            mapped = wrapped.BaseObject;
        }
        if (mapped is ScriptBlock script)
        {
            var result = script.InvokeWithContext(null, new List<PSVariable> { new("_", input) });
            return new Found(true, result.Count == 0 ? null : result[0]?.BaseObject);
        }
        IEnumerable<string> names = mapped is string property ? new[] { property } : Defaults.First(d => d.Attribute == attribute).Properties;
        foreach (string name in names)
        {
            if (input.Properties[name] is { } p)
            {
                return new Found(true, p.Value is PSObject o ? o.BaseObject : p.Value);
            }
        }
        return new Found(false, null);
    }

    /// <summary>
    /// An empty string means "clear it"; a missing property or a null value means "not managed" (typed objects
    /// such as Get-MgUser's carry every property, null when it was not selected).
    /// </summary>
    private static string? Text(Found found) => !found.Present ? null : found.Value switch
    {
        null => null,
        Guid g => g.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => found.Value.ToString() ?? string.Empty,
    };

    // A word it does not know is an error, never a silent "false" that would disable a user.
    private static bool? Bool(object? value) => value switch
    {
        null => null,
        bool b => b,
        string s when s.Trim().Length == 0 => null,
        string s => s.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "y" or "on" or "enabled" => true,
            "false" or "0" or "no" or "n" or "off" or "disabled" => false,
            _ => throw new FormatException($"'{s}' is not a value for active; use true or false."),
        },
        byte or short or int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        _ => throw new FormatException($"A {value.GetType().Name} is not a value for active; use true or false."),
    };
}
