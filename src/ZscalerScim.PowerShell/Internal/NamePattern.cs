using System.Management.Automation;
using System.Text;

namespace ZscalerScim.Internal;

/// <summary>
/// A name given to a parameter that documents wildcards: only * and ? are wildcards. Brackets are literal, since
/// names such as 'Sales [EU]' or 'dev[1]@acme.com' are common and a character class would act on other objects.
/// A backtick escapes the next special character, so [WildcardPattern]::Escape output means the literal name.
/// </summary>
internal sealed class NamePattern
{
    private readonly WildcardPattern? _pattern;

    private NamePattern(string literal, WildcardPattern? pattern)
    {
        Literal = literal;
        _pattern = pattern;
    }

    /// <summary>The name with its escapes removed; what a wildcard-free name means exactly.</summary>
    public string Literal { get; }

    public bool IsWildcard => _pattern is not null;

    public bool IsMatch(string? name) => name is not null && (_pattern?.IsMatch(name) ?? string.Equals(name, Literal, System.StringComparison.OrdinalIgnoreCase));

    public static bool HasWildcard(string text) => Parse(text).IsWildcard;

    public static NamePattern Parse(string text)
    {
        StringBuilder literal = new(text.Length);
        StringBuilder pattern = new(text.Length + 8);
        bool wildcard = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '`' && i + 1 < text.Length && IsSpecial(text[i + 1]))
            {
                // As WildcardPattern.Unescape: a backtick escapes only a special character, and is kept before any other.
                c = text[++i];
                literal.Append(c);
                pattern.Append('`').Append(c);
            }
            else if (c is '*' or '?')
            {
                wildcard = true;
                literal.Append(c);
                pattern.Append(c);
            }
            else
            {
                literal.Append(c);
                pattern.Append(IsSpecial(c) ? "`" : string.Empty).Append(c);
            }
        }
        return new NamePattern(literal.ToString(), wildcard ? new WildcardPattern(pattern.ToString(), WildcardOptions.IgnoreCase) : null);
    }

    private static bool IsSpecial(char c) => c is '*' or '?' or '[' or ']' or '`';
}
