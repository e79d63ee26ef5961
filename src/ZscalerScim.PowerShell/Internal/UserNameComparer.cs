using System;
using System.Text;

namespace ZscalerScim.Internal;

/// <summary>
/// The one rule for when two userNames name the same user, used wherever the module matches a name: the sync's plan
/// and snapshot, the -UserName look-ups and the admin guard. ZIA compares userNames without regard to case, and a
/// name written in decomposed Unicode (NFD: "e" and a combining accent, as macOS tools write it) is the same name as
/// the composed one (NFC: "é"). So: Unicode NFC, then ordinal comparison ignoring case.
/// </summary>
internal sealed class UserNameComparer : StringComparer
{
    public static readonly UserNameComparer Instance = new();

    private UserNameComparer()
    {
    }

    /// <summary>True when both name the same user (two nulls are the same; a null and a name are not).</summary>
    public static bool Same(string? a, string? b) => Instance.Equals(a, b);

    public override bool Equals(string? x, string? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && OrdinalIgnoreCase.Equals(Composed(x), Composed(y)));

    public override int GetHashCode(string obj) => OrdinalIgnoreCase.GetHashCode(Composed(obj));

    public override int Compare(string? x, string? y) =>
        x is null || y is null ? OrdinalIgnoreCase.Compare(x, y) : OrdinalIgnoreCase.Compare(Composed(x), Composed(y));

    /// <summary>The NFC form; the text itself when it is already composed (every name below U+0300, such as ASCII) or not valid Unicode.</summary>
    internal static string Composed(string text)
    {
        foreach (char c in text)
        {
            if (c >= '\u0300')
            {
                try
                {
                    return text.Normalize(NormalizationForm.FormC);
                }
                catch (ArgumentException)
                {
                    // A lone surrogate has no normal form: such a name is compared as it is.
                    return text;
                }
            }
        }
        return text;
    }
}
