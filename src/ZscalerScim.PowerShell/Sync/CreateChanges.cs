using System.Collections;
using System.Collections.Generic;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// A new user's changes ("userName: '' -> 'ann@acme.example'", ...), described from its fields when read rather than
/// held as text: a first sync of 100,000 users would otherwise keep about 700,000 strings until the end.
/// </summary>
internal sealed class CreateChanges : IReadOnlyList<string>
{
    private readonly UserFields _fields;

    public CreateChanges(UserFields fields) => _fields = fields;

    public int Count => Described().Count;

    public string this[int index] => Described()[index];

    public IEnumerator<string> GetEnumerator() => Described().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<string> Described()
    {
        List<string> described = new(UserAttributes.Text.Length + 1);
        _fields.ChangesFrom(new UserFields(), described);
        return described;
    }
}
