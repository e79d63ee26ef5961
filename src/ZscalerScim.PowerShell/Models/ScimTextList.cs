using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ZscalerScim;

/// <summary>
/// A list of short texts (a result's changes or members) that reads as "a; b; c" where PowerShell turns it into one
/// string: Export-Csv, string interpolation, Write-Host. It is still a list: indexing, Count, Length, -contains and -join work.
/// </summary>
public sealed class ScimTextList : ReadOnlyCollection<string>
{
    internal ScimTextList(IList<string> items)
        : base(items)
    {
    }

    internal static ScimTextList Empty { get; } = new(new string[0]);

    /// <summary>The same as Count, so that scripts written when this was an array (.Length) keep working.</summary>
    public int Length => Count;

    /// <summary>Between two texts where the list reads as one string.</summary>
    internal const string Separator = "; ";

    public override string ToString() => Items is IJoinedText joined ? joined.Join() : string.Join(Separator, this);
}

/// <summary>Texts that can be written as one line without making each of them first (a million results to Export-Csv).</summary>
internal interface IJoinedText
{
    /// <summary>The texts joined with <see cref="ScimTextList.Separator"/>: what string.Join gives for the list.</summary>
    string Join();
}
