using System;
using System.Collections;
using System.Collections.Generic;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// The server's users as a sync read them: id and managed attributes, packed (<see cref="UserTable"/>), indexed by
/// externalId and userName, with the users that share one (which the sync leaves alone). Positions count from 0.
/// </summary>
internal sealed class ServerUsers : IEnumerable<(string Id, UserFields Current)>
{
    private readonly UserTable _table = new();
    private readonly KeyIndex _byId;
    private KeyIndex? _byUserName, _byExternalId;
    private Dictionary<string, List<int>>? _sameUserName, _sameExternalId;

    public ServerUsers() => _byId = new KeyIndex(0, StringComparer.Ordinal, Id);

    public int Count => _table.Count;

    /// <summary>Adds a user; false (and nothing added) when a user of that id is already here, as from a server that pages twice over one user.</summary>
    public bool Add(string id, UserFields current)
    {
        int position = _table.Add(id, current);
        if (id.Length > 0 && _byId.Add(id, position) >= 0)
        {
            _table.RemoveLast();
            return false;
        }
        _byUserName = _byExternalId = null;
        return true;
    }

    /// <summary>For a collection initializer.</summary>
    public void Add((string Id, UserFields Current) user) => Add(user.Id, user.Current);

    public string Id(int position) => _table.Id(position) ?? string.Empty;

    public string? UserName(int position) => _table.UserName(position);

    public string? ExternalId(int position) => _table.ExternalId(position);

    public bool? Active(int position) => _table.Active(position);

    public UserFields Fields(int position) => _table.Fields(position);

    /// <summary>The first user with this externalId; -1 when none.</summary>
    public int FindByExternalId(string externalId) => Indexed()._byExternalId!.Find(externalId);

    /// <summary>The first user with this userName (by <see cref="UserNameComparer"/>); -1 when none.</summary>
    public int FindByUserName(string userName) => Indexed()._byUserName!.Find(userName);

    /// <summary>The users that share an externalId, by that externalId: empty when none do.</summary>
    public IReadOnlyDictionary<string, List<int>> SameExternalId => Indexed()._sameExternalId!;

    /// <summary>The users whose userNames are the same by the rule, by that userName: empty when none are.</summary>
    public IReadOnlyDictionary<string, List<int>> SameUserName => Indexed()._sameUserName!;

    private ServerUsers Indexed()
    {
        if (_byUserName is null)
        {
            _sameExternalId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            _sameUserName = new Dictionary<string, List<int>>(UserNameComparer.Instance);
            _byExternalId = new KeyIndex(Count, StringComparer.Ordinal, ExternalId);
            KeyIndex byUserName = new(Count, UserNameComparer.Instance, UserName);
            for (int s = 0; s < Count; s++)
            {
                Index(_byExternalId, _sameExternalId, ExternalId(s), s);
                Index(byUserName, _sameUserName, UserName(s), s);
            }
            _byUserName = byUserName;
        }
        return this;
    }

    private static void Index(KeyIndex index, Dictionary<string, List<int>> same, string? key, int s)
    {
        if (string.IsNullOrEmpty(key) || index.Add(key!, s) is not (int first and >= 0))
        {
            return;
        }
        if (!same.TryGetValue(key!, out List<int>? all))
        {
            same[key!] = all = new List<int> { first };
        }
        all.Add(s);
    }

    public IEnumerator<(string Id, UserFields Current)> GetEnumerator()
    {
        for (int s = 0; s < Count; s++)
        {
            yield return (Id(s), Fields(s));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
