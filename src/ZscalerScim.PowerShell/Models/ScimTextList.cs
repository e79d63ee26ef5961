using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ZscalerScim;

/// <summary>
/// A list of short texts (a result's changes or members) that reads as "a; b; c" where PowerShell turns it into one
/// string: Export-Csv, string interpolation, Write-Host. It is still a list: indexing, Count and -join work.
/// </summary>
public sealed class ScimTextList : ReadOnlyCollection<string>
{
    internal ScimTextList(IList<string> items)
        : base(items)
    {
    }

    public override string ToString() => string.Join("; ", this);
}
