using System;
using System.Linq;
using System.Management.Automation;

namespace ZscalerScim.Internal;

/// <summary>
/// Trims a name given to a parameter (also each string of an array): a value pasted from a spreadsheet often ends in
/// a space, tab or non-breaking space, which no userName or group name has. A blank one becomes empty, so that
/// [ValidateNotNullOrEmpty] refuses it before anything is sent. Objects other than strings pass as they are.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class TrimmedAttribute : ArgumentTransformationAttribute
{
    // char.IsWhiteSpace covers spaces, tabs, line breaks and non-breaking spaces; these two are invisible too.
    private static readonly char[] Invisible = { '\u200B', '\uFEFF' };

    public static string Trim(string text) => text.Trim().Trim(Invisible).Trim();

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string text => Trim(text),
            object[] items => items.Select(i => (i is PSObject p ? p.BaseObject : i) is string s ? Trim(s) : i).ToArray(),
            _ => inputData,
        };
}
