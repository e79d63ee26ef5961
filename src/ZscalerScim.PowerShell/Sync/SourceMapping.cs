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
    private static readonly (string Attribute, string[] Properties)[] Defaults = UserAttributes.Text
        .Select(a => (a.Name, a.Sources)).Append((UserAttributes.Active, UserAttributes.ActiveSources)).ToArray();

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

    /// <summary>
    /// Reads one input object, the row-th of the input. Runs on the pipeline thread (script blocks need it).
    /// A value it cannot read becomes the row's error; the other values are still read, so the row keeps its name.
    /// </summary>
    public static InputUser Map(PSObject input, IDictionary? map, int row)
    {
        string? error = null;
        Found Get(string attribute)
        {
            try
            {
                return Read(input, attribute, map);
            }
            catch (RuntimeException ex) when (ex is not PipelineStoppedException)
            {
                // A failing -AttributeMap script block, or a property getter that throws.
                error ??= $"{attribute} could not be read: {ex.Message}";
                return new Found(true, null);
            }
        }

        Found userName = Get("userName");
        UserFields user = new();
        foreach (UserAttribute attribute in UserAttributes.Text)
        {
            // A stray space would miss the server's user (which Zscaler stores trimmed) and make it look absent.
            attribute.Set(user, attribute == UserAttributes.UserName ? Text(userName)?.Trim() : Text(Get(attribute.Name)));
        }
        // Mail is often the user principal name: one string then, not two, for each of a large input's users.
        if (user.Email is not null && string.Equals(user.Email, user.UserName, StringComparison.Ordinal))
        {
            user.Email = user.UserName;
        }
        Found active = Get(UserAttributes.Active);
        try
        {
            user.Active = active.Present ? Bool(active.Value) : null;
        }
        catch (FormatException ex)
        {
            error ??= ex.Message;
        }
        return new InputUser(row, user, userName.Present, error);
    }

    // Every property name some attribute is read from by default.
    private static readonly HashSet<string> KnownProperties = new(Defaults.SelectMany(d => d.Properties), StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string[]> SourcesByAttribute = Defaults.ToDictionary(d => d.Attribute, d => d.Properties);

    private static string[] Sources(string attribute) => SourcesByAttribute[attribute];

    /// <summary>Whether an -AttributeMap entry names the column, or a map script block mentions it: then it is used, not unmapped.</summary>
    public static bool UsedByMap(string column, IDictionary? map) =>
        map is not null && map.Values.Cast<object?>().Select(v => v is PSObject o ? o.BaseObject : v)
            .Any(e => e is string s ? string.Equals(s, column, StringComparison.OrdinalIgnoreCase) : e is ScriptBlock b && b.ToString().IndexOf(column, StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>The property names read by default, for messages.</summary>
    public static string AcceptedNames => string.Join(", ", Defaults.SelectMany(d => d.Properties));

    /// <summary>
    /// The columns of a CSV row or a [pscustomobject] that no attribute reads: a typo such as 'mail2' or 'Email Address'
    /// would otherwise leave the attribute unmanaged without a word. Typed objects (Get-ADUser, Get-MgUser) carry many
    /// properties that are rightly ignored, so only hand-made objects are checked. A column that an -AttributeMap entry
    /// names, or that a map script block mentions, counts as used.
    /// </summary>
    public static IEnumerable<string> UnmappedColumns(PSObject input, IDictionary? map) =>
        input.BaseObject is not PSCustomObject ? Enumerable.Empty<string>()
            : input.Properties.Where(p => p.MemberType == PSMemberTypes.NoteProperty && !KnownProperties.Contains(p.Name) && !UsedByMap(p.Name, map)).Select(p => p.Name);

    /// <summary>The property names tried for userName, for messages.</summary>
    public static string UserNameSources(IDictionary? map) =>
        MapEntry(map, "userName") is { } entry ? $"the -AttributeMap entry {(entry is string p ? $"'{p}'" : "(a script block)")}"
            : string.Join(" or ", Defaults.First(d => d.Attribute == "userName").Properties);

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
        object? mapped = MapEntry(map, attribute);
        if (mapped is ScriptBlock script)
        {
            var result = script.InvokeWithContext(null, new List<PSVariable> { new("_", input) });
            return new Found(true, result.Count == 0 ? null : result[0]?.BaseObject);
        }
        string[] names = mapped is string property ? new[] { property } : Sources(attribute);
        // An array walked by index: read for every attribute of every row (1,400,000 at ZIA's largest), an enumerator each time was garbage.
        for (int i = 0; i < names.Length; i++)
        {
            if (input.Properties[names[i]] is { } p)
            {
                return new Found(true, p.Value is PSObject o ? o.BaseObject : p.Value);
            }
        }
        return new Found(false, null);
    }

    private static object? MapEntry(IDictionary? map, string attribute)
    {
        if (map is null || map.Count == 0)
        {
            return null;
        }
        object? mapped = Find(map, attribute);
        return mapped is PSObject wrapped ? wrapped.BaseObject : mapped;

        // Apart, so that a run without a map (most) makes no closure for it on every attribute of every row.
        static object? Find(IDictionary map, string attribute) =>
            map.Keys.Cast<object>().Where(k => string.Equals(k?.ToString(), attribute, StringComparison.OrdinalIgnoreCase)).Select(k => map[k]).FirstOrDefault();
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

    /// <summary>A group from the input: DisplayName (or Name), optional ExternalId (or ObjectGUID), and Members (or Member).</summary>
    /// <param name="row">Its number in the input (from 1), to name it when it has no name.</param>
    public static WantedGroup MapGroup(PSObject input, int row = 0)
    {
        object? Value(params string[] names) => names.Select(n => input.Properties[n]?.Value).FirstOrDefault(v => v is not null);
        object? members = Value("Members", "Member");
        return new WantedGroup
        {
            Row = row,
            // A stray space would miss the server's group and make it look absent (and deletable).
            DisplayName = Value("DisplayName", "Name")?.ToString()?.Trim() ?? string.Empty,
            ExternalId = Value("ExternalId", "ObjectGUID")?.ToString(),
            Members = members is null ? null : MemberNames(members),
        };
    }

    /// <summary>Members as userNames: one string separated by ';', ',' or line breaks (a spreadsheet cell), or a list of names or user objects (Get-ADGroupMember, Get-MgGroupMember).</summary>
    private static IReadOnlyList<string> MemberNames(object members)
    {
        object value = members is PSObject ps ? ps.BaseObject : members;
        if (value is string text)
        {
            return text.Split(new[] { ';', ',', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }
        if (value is IEnumerable many)
        {
            return many.Cast<object?>().Where(m => m is not null).Select(m =>
            {
                PSObject o = PSObject.AsPSObject(m!);
                return (o.Properties["UserPrincipalName"]?.Value ?? o.Properties["userName"]?.Value ?? o.BaseObject).ToString()?.Trim() ?? string.Empty;
            }).Where(s => s.Length > 0).ToList();
        }
        return new[] { value.ToString()?.Trim() ?? string.Empty };
    }
}
