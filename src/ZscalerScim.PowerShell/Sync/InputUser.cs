using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>One input object as read: its number in the input (from 1), its values, and why it could not be read.</summary>
internal sealed class InputUser
{
    public InputUser(int row, UserFields fields, bool hasUserName, string? error = null)
    {
        Row = row;
        Fields = fields;
        HasUserName = hasUserName;
        Error = error;
    }

    public int Row { get; }

    public UserFields Fields { get; }

    /// <summary>The object has a property (or an -AttributeMap entry) for userName, whatever its value.</summary>
    public bool HasUserName { get; }

    /// <summary>Set when a value could not be read: nothing of this row is used.</summary>
    public string? Error { get; }
}
