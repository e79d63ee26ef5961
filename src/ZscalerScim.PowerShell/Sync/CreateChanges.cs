using System;
using System.Collections;
using System.Collections.Generic;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// A new user's changes ("userName: '' -> 'ann@acme.example'", ...), described from its fields when read rather than
/// held as text: a first sync of 100,000 users would otherwise keep about 700,000 strings until the end. Written as one
/// line (Export-Csv), they are joined straight from the fields; listed, they are described once and kept.
/// </summary>
internal sealed class CreateChanges : IList<string>, IReadOnlyList<string>, IJoinedText
{
    private readonly UserFields _fields;
    private List<string>? _described;

    public CreateChanges(UserFields fields) => _fields = fields;

    public int Count => Described().Count;

    public bool IsReadOnly => true;

    public string this[int index]
    {
        get => Described()[index];
        set => throw ReadOnly();
    }

    public string Join() => _described is { } described ? string.Join(ScimTextList.Separator, described) : _fields.DescribeChangesFrom(new UserFields());

    public IEnumerator<string> GetEnumerator() => Described().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(string item) => Described().IndexOf(item);

    public bool Contains(string item) => Described().Contains(item);

    public void CopyTo(string[] array, int arrayIndex) => Described().CopyTo(array, arrayIndex);

    public void Add(string item) => throw ReadOnly();

    public void Insert(int index, string item) => throw ReadOnly();

    public bool Remove(string item) => throw ReadOnly();

    public void RemoveAt(int index) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("A user's changes cannot be changed.");

    private List<string> Described()
    {
        if (_described is { } kept)
        {
            return kept;
        }
        List<string> described = new(UserAttributes.Text.Length + 1);
        _fields.ChangesFrom(new UserFields(), described);
        return _described = described;
    }
}
