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

    public override string ToString() => string.Join("; ", this);
}
