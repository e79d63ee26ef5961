using System.Collections;
using System.Collections.Generic;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// The input of a sync as read: each row's values packed (<see cref="UserTable"/>), the rare row that could not be read,
/// and, once asked, the rows that name one user twice. Row numbers count from 1; positions from 0.
/// </summary>
internal sealed class InputRows : IEnumerable<InputUser>
{
    private readonly UserTable _table = new();
    private readonly Dictionary<int, string> _errors = new();
    private KeyIndex? _byUserName, _byExternalId;
    // Rows sharing a userName or an externalId, by the position of the first of them: rare, so made only when met.
    private readonly Dictionary<int, List<int>> _sameUserName = new();
    private readonly Dictionary<int, List<int>> _sameExternalId = new();
    private bool _indexed;

    public int Count => _table.Count;

    /// <summary>Some row has a userName property (or an -AttributeMap entry for it), whatever its value.</summary>
    public bool AnyUserName { get; private set; }

    /// <summary>Some row says the user is inactive.</summary>
    public bool AnyInactive { get; private set; }

    /// <summary>Adds the next row (its Row must be Count + 1).</summary>
    public void Add(InputUser row)
    {
        if (row.Row != Count + 1)
        {
            throw new System.ArgumentException($"Row {row.Row} is not the next row ({Count + 1}).", nameof(row));
        }
        if (row.Error is not null)
        {
            _errors[Count] = row.Error;
        }
        AnyUserName |= row.HasUserName;
        AnyInactive |= row.Fields.Active == false;
        _table.Add(null, row.Fields, row.HasUserName);
        _indexed = false;
    }

    public InputUser this[int position] => new(position + 1, _table.Fields(position), _table.IsMarked(position), Error(position));

    public string? Error(int position) => _errors.Count > 0 && _errors.TryGetValue(position, out string? error) ? error : null;

    public string? UserName(int position) => _table.UserName(position);

    public string? ExternalId(int position) => _table.ExternalId(position);

    public bool? Active(int position) => _table.Active(position);

    public UserFields Fields(int position) => _table.Fields(position);

    /// <summary>The position of the first named row with this userName (by <see cref="UserNameComparer"/>); -1 when none.</summary>
    public int FindUserName(string userName)
    {
        Index();
        return _byUserName!.Find(userName);
    }

    /// <summary>The row numbers of the named rows with this row's userName, when there are two or more; else null.</summary>
    public List<int>? SameUserName(int position)
    {
        Index();
        return _sameUserName.Count > 0 && UserName(position) is { } name && _sameUserName.TryGetValue(_byUserName!.Find(name), out List<int>? rows) ? rows : null;
    }

    /// <summary>The row numbers of the named rows with this row's externalId, when there are two or more; else null.</summary>
    public List<int>? SameExternalId(int position)
    {
        Index();
        return _sameExternalId.Count > 0 && ExternalId(position) is { Length: > 0 } id && _sameExternalId.TryGetValue(_byExternalId!.Find(id), out List<int>? rows) ? rows : null;
    }

    /// <summary>Lets the indexes go (they are made again if asked): once a sync is planned, its writes need only the rows.</summary>
    public void ReleaseIndexes()
    {
        _byUserName = _byExternalId = null;
        _sameUserName.Clear();
        _sameExternalId.Clear();
        _indexed = false;
    }

    private void Index()
    {
        if (_indexed)
        {
            return;
        }
        _sameUserName.Clear();
        _sameExternalId.Clear();
        KeyIndex byUserName = new(Count, UserNameComparer.Instance, UserName), byExternalId = new(Count, System.StringComparer.Ordinal, ExternalId);
        for (int i = 0; i < Count; i++)
        {
            // Named rows only: read without error, with a userName.
            if (Error(i) is null && UserName(i) is { Length: > 0 } name)
            {
                Add(byUserName, _sameUserName, name, i);
                if (ExternalId(i) is { Length: > 0 } externalId)
                {
                    Add(byExternalId, _sameExternalId, externalId, i);
                }
            }
        }
        (_byUserName, _byExternalId, _indexed) = (byUserName, byExternalId, true);
    }

    private static void Add(KeyIndex index, Dictionary<int, List<int>> same, string key, int position)
    {
        if (index.Add(key, position) is int first and >= 0)
        {
            if (!same.TryGetValue(first, out List<int>? rows))
            {
                same[first] = rows = new List<int> { first + 1 };
            }
            rows.Add(position + 1);
        }
    }

    public IEnumerator<InputUser> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
