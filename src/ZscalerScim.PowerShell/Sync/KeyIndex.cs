using System;

namespace ZscalerScim.Sync;

/// <summary>
/// Positions in a table by one key (a userName or an externalId), holding no key text: a candidate's key is read back
/// from the table to confirm it. The first position added under a key stays; a later one under the same key is
/// answered with the first, so that the caller learns of the duplicate instead of losing it.
/// </summary>
internal sealed class KeyIndex
{
    private readonly StringComparer _comparer;
    private readonly Func<int, string?> _keyOf;
    // Open addressing: a slot holds position + 1 (0 is empty) and the key's hash beside it, so most misses read no key.
    private int[] _slots;
    private int[] _hashes;
    private int _count;

    public KeyIndex(int capacity, StringComparer comparer, Func<int, string?> keyOf)
    {
        _comparer = comparer;
        _keyOf = keyOf;
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }
        _slots = new int[size];
        _hashes = new int[size];
    }

    /// <summary>The first position added under the key; -1 when none was.</summary>
    public int Find(string key)
    {
        int hash = _comparer.GetHashCode(key);
        for (int slot = hash & (_slots.Length - 1); _slots[slot] != 0; slot = (slot + 1) & (_slots.Length - 1))
        {
            if (_hashes[slot] == hash && _comparer.Equals(_keyOf(_slots[slot] - 1), key))
            {
                return _slots[slot] - 1;
            }
        }
        return -1;
    }

    /// <summary>Adds the position under its key; returns -1, or the first position when the key was already there (nothing is added then).</summary>
    public int Add(string key, int position)
    {
        if (2 * (_count + 1) > _slots.Length)
        {
            Grow();
        }
        int hash = _comparer.GetHashCode(key);
        int slot = hash & (_slots.Length - 1);
        for (; _slots[slot] != 0; slot = (slot + 1) & (_slots.Length - 1))
        {
            if (_hashes[slot] == hash && _comparer.Equals(_keyOf(_slots[slot] - 1), key))
            {
                return _slots[slot] - 1;
            }
        }
        _slots[slot] = position + 1;
        _hashes[slot] = hash;
        _count++;
        return -1;
    }

    private void Grow()
    {
        int[] slots = _slots, hashes = _hashes;
        _slots = new int[slots.Length * 2];
        _hashes = new int[slots.Length * 2];
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] != 0)
            {
                int slot = hashes[i] & (_slots.Length - 1);
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & (_slots.Length - 1);
                }
                _slots[slot] = slots[i];
                _hashes[slot] = hashes[i];
            }
        }
    }
}
