using System.Globalization;
using System.Text;

namespace ZscalerScim.Emulator.Scim;

/// <summary>The type a filtered attribute compares as.</summary>
public enum FilterValueKind
{
    String,
    DateTime,
    Boolean,
}

/// <summary>
/// Which <c>attribute operator</c> pairs a resource supports. Attribute names are lowercase;
/// <see cref="SchemaUrn"/> is the core schema whose URN may prefix an attribute.
/// </summary>
public sealed class FilterRules(string? schemaUrn, params (string Attribute, string Operator, FilterValueKind Kind)[] allowed)
{
    public string? SchemaUrn { get; } = schemaUrn;

    public IReadOnlyList<(string Attribute, string Operator, FilterValueKind Kind)> Allowed { get; } = allowed;

    /// <summary>README: <c>userName</c>, <c>externalId</c>, <c>id</c> eq and <c>meta.lastModified</c> gt.</summary>
    public static FilterRules Users { get; } = new(ScimUrns.User,
        ("username", "eq", FilterValueKind.String),
        ("externalid", "eq", FilterValueKind.String),
        ("id", "eq", FilterValueKind.String),
        ("meta.lastmodified", "gt", FilterValueKind.DateTime));

    /// <summary>README: <c>displayName</c>, <c>externalId</c>, <c>id</c>, <c>members.value</c> eq.</summary>
    public static FilterRules Groups { get; } = new(ScimUrns.Group,
        ("displayname", "eq", FilterValueKind.String),
        ("externalid", "eq", FilterValueKind.String),
        ("id", "eq", FilterValueKind.String),
        ("members.value", "eq", FilterValueKind.String));

    /// <summary>PATCH value paths such as <c>emails[type eq "work"]</c>.</summary>
    public static FilterRules Emails { get; } = new(null,
        ("type", "eq", FilterValueKind.String),
        ("value", "eq", FilterValueKind.String),
        ("primary", "eq", FilterValueKind.Boolean));

    /// <summary>PATCH value paths such as <c>members[value eq "id"]</c>.</summary>
    public static FilterRules Members { get; } = new(null, ("value", "eq", FilterValueKind.String));

    public FilterValueKind? KindOf(string attribute, string op)
    {
        foreach (var rule in Allowed)
        {
            if (rule.Attribute == attribute && rule.Operator == op)
            {
                return rule.Kind;
            }
        }
        return null;
    }

    public string Describe() => string.Join(", ", Allowed.Select(rule => $"{rule.Attribute} {rule.Operator}"));
}

/// <summary>
/// A parsed SCIM filter (RFC 7644 §3.4.2.2), the subset Zscaler serves: <c>attrPath op value</c>
/// terms joined by <c>and</c>, optionally in parentheses. Anything else is 400 invalidFilter.
/// </summary>
public abstract record ScimFilter
{
    private static readonly string[] KnownOperators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"];

    /// <summary>True when every comparison of the filter holds, as <paramref name="test"/> decides.</summary>
    public abstract bool Matches(Func<FilterComparison, bool> test);

    /// <summary>
    /// The value of an <c>eq</c> comparison on <paramref name="attribute"/> that every match must
    /// satisfy (a top-level term or one side of <c>and</c>): lets the store use its indexes.
    /// </summary>
    public abstract string? RequiredEquality(string attribute);

    /// <exception cref="ScimException">400 invalidFilter: syntax, attribute, operator or value not supported.</exception>
    public static ScimFilter Parse(string text, FilterRules rules)
    {
        var parser = new Parser(text, rules);
        var filter = parser.ParseAnd(depth: 0);
        parser.ExpectEnd();
        return filter;
    }

    private sealed class Parser(string text, FilterRules rules)
    {
        private const int MaxDepth = 32;
        private int _position;

        public ScimFilter ParseAnd(int depth)
        {
            var left = ParseTerm(depth);
            while (PeekWord() is { } word && word.Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                ReadWord();
                left = new FilterAnd(left, ParseTerm(depth));
            }
            return left;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_position >= text.Length)
            {
                return;
            }
            var rest = PeekWord();
            throw rest is not null && rest.Equals("or", StringComparison.OrdinalIgnoreCase)
                ? ScimException.InvalidFilter("The 'or' operator is not supported: use 'and' or separate requests")
                : ScimException.InvalidFilter($"Unexpected text at position {_position + 1} of the filter: '{text[_position..]}'");
        }

        private ScimFilter ParseTerm(int depth)
        {
            SkipSpace();
            if (depth > MaxDepth)
            {
                throw ScimException.InvalidFilter("The filter nests too deeply");
            }
            if (_position < text.Length && text[_position] == '(')
            {
                _position++;
                var inner = ParseAnd(depth + 1);
                SkipSpace();
                if (_position >= text.Length || text[_position] != ')')
                {
                    throw ScimException.InvalidFilter("A '(' of the filter is not closed");
                }
                _position++;
                return inner;
            }

            var path = ReadWord() ?? throw ScimException.InvalidFilter(
                _position >= text.Length ? "The filter ends where an attribute was expected" : $"An attribute was expected at position {_position + 1}");
            if (path.Equals("not", StringComparison.OrdinalIgnoreCase))
            {
                throw ScimException.InvalidFilter("The 'not' operator is not supported");
            }
            SkipSpace();
            if (_position < text.Length && text[_position] == '[')
            {
                throw ScimException.InvalidFilter($"Value filters such as '{path}[...]' are not supported in a filter");
            }
            var attribute = Normalize(path);
            var op = (ReadWord() ?? throw ScimException.InvalidFilter($"An operator was expected after '{path}'")).ToLowerInvariant();
            if (!KnownOperators.Contains(op))
            {
                throw ScimException.InvalidFilter($"'{op}' is not a SCIM filter operator");
            }
            var kind = rules.KindOf(attribute, op) ?? throw ScimException.InvalidFilter(
                $"Filtering with '{path} {op}' is not supported; supported: {rules.Describe()}");
            return ReadValue(attribute, op, path, kind);
        }

        private FilterComparison ReadValue(string attribute, string op, string path, FilterValueKind kind)
        {
            SkipSpace();
            if (kind == FilterValueKind.Boolean)
            {
                var word = ReadWord();
                return word is not null && bool.TryParse(word, out var flag)
                    ? new FilterComparison(attribute, op, null, flag, null)
                    : throw ScimException.InvalidFilter($"'{path} {op}' needs true or false");
            }
            if (_position >= text.Length || text[_position] != '"')
            {
                throw ScimException.InvalidFilter($"'{path} {op}' needs a string value in double quotes");
            }
            var value = ReadString();
            if (kind == FilterValueKind.String)
            {
                return new FilterComparison(attribute, op, value, null, null);
            }
            return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? new FilterComparison(attribute, op, value, null, time)
                : throw ScimException.InvalidFilter($"'{value}' is not a date and time (xsd:dateTime) for '{path}'");
        }

        // A JSON string: \" and \\ and the other JSON escapes.
        private string ReadString()
        {
            var start = _position;
            _position++;
            var value = new StringBuilder();
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (c == '"')
                {
                    return value.ToString();
                }
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }
                if (_position >= text.Length)
                {
                    break;
                }
                var escape = text[_position++];
                switch (escape)
                {
                    case '"' or '\\' or '/':
                        value.Append(escape);
                        break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'u' when _position + 4 <= text.Length
                        && int.TryParse(text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw ScimException.InvalidFilter($"Invalid escape '\\{escape}' in the string at position {start + 1}");
                }
            }
            throw ScimException.InvalidFilter($"The string at position {start + 1} of the filter is not closed");
        }

        private string Normalize(string path)
        {
            if (rules.SchemaUrn is { } urn && path.Length > urn.Length + 1
                && path.StartsWith(urn, StringComparison.OrdinalIgnoreCase) && path[urn.Length] == ':')
            {
                path = path[(urn.Length + 1)..];
            }
            return path.ToLowerInvariant();
        }

        private string? PeekWord()
        {
            var saved = _position;
            var word = ReadWord();
            _position = saved;
            return word;
        }

        private string? ReadWord()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] is not ('(' or ')' or '"' or '[' or ']'))
            {
                _position++;
            }
            return _position > start ? text[start.._position] : null;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }
}

/// <summary>
/// <c>attribute op value</c>; the attribute is lowercase without its schema URN. <see cref="Text"/>
/// is the string value, <see cref="Flag"/> a boolean one, <see cref="Time"/> the parsed date.
/// </summary>
public sealed record FilterComparison(string Attribute, string Operator, string? Text, bool? Flag, DateTimeOffset? Time) : ScimFilter
{
    public override bool Matches(Func<FilterComparison, bool> test) => test(this);

    public override string? RequiredEquality(string attribute) =>
        Operator == "eq" && Attribute == attribute ? Text : null;
}

public sealed record FilterAnd(ScimFilter Left, ScimFilter Right) : ScimFilter
{
    public override bool Matches(Func<FilterComparison, bool> test) => Left.Matches(test) && Right.Matches(test);

    public override string? RequiredEquality(string attribute) =>
        Left.RequiredEquality(attribute) ?? Right.RequiredEquality(attribute);
}
