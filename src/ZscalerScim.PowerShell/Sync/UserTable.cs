using System;
using System.Collections.Generic;
using System.Text;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Users' values (an id, the managed attributes, active and one flag), packed as UTF-8 into large shared blocks and
/// read back one value or one user at a time. At ZIA's maximum of 1,400,000 users, holding a UserFields and its eight
/// strings for each was most of a sync's memory and, as the collector copied them from generation to generation, most
/// of its CPU; blocks are a few dozen objects whatever the number of users.
/// </summary>
internal sealed class UserTable
{
    // A user's record: [flags][present: 2 bytes, a bit a value][for each present value: its UTF-8 length (7-bit groups), its bytes].
    private const int BlockSize = 1 << 20;
    private const int Values = 9; // the id, then UserAttributes.Text in its order
    private const byte ActiveKnown = 1, ActiveTrue = 2, Marked = 4;
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    private readonly List<byte[]> _blocks = new();
    // UTF-8 cannot hold a lone surrogate: a user with one in a value is kept as it came, so no value is ever altered.
    private readonly Dictionary<int, (string? Id, UserFields Fields)> _unpacked = new();
    private long[] _starts = new long[64];
    private int _used = BlockSize;
    // Each value's UTF-8 length while a user is added (measured once, then written).
    private readonly int[] _lengths = new int[Values];

    public int Count { get; private set; }

    /// <summary>Adds a user; returns its position (from 0).</summary>
    /// <param name="marked">One bit the owner gives its own meaning (the input: the row has a userName property).</param>
    public int Add(string? id, UserFields fields, bool marked = false)
    {
        bool unpacked = false;
        for (int v = 0; v < Values && !unpacked; v++)
        {
            unpacked = Value(id, fields, v) is { } text && HasLoneSurrogate(text);
        }
        if (unpacked)
        {
            _unpacked[Count] = (id, fields.Copy());
            id = null;
            fields = new UserFields { Active = fields.Active };
        }
        int size = 3;
        int present = 0;
        for (int v = 0; v < Values; v++)
        {
            if (Value(id, fields, v) is { } text)
            {
                present |= 1 << v;
                int bytes = _lengths[v] = Utf8.GetByteCount(text);
                size += bytes + LengthSize(bytes);
            }
        }
        byte[] block = Room(size);
        int at = _used;
        block[at++] = (byte)((fields.Active is { } active ? ActiveKnown | (active ? ActiveTrue : 0) : 0) | (marked ? Marked : 0));
        block[at++] = (byte)present;
        block[at++] = (byte)(present >> 8);
        for (int v = 0; v < Values; v++)
        {
            if (Value(id, fields, v) is { } text)
            {
                int bytes = _lengths[v];
                for (uint n = (uint)bytes; ; n >>= 7)
                {
                    block[at++] = (byte)(n < 0x80 ? n : (n & 0x7F) | 0x80);
                    if (n < 0x80)
                    {
                        break;
                    }
                }
                at += Utf8.GetBytes(text, 0, text.Length, block, at);
            }
        }
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }
        _starts[Count] = ((long)(_blocks.Count - 1) << 32) | (uint)_used;
        _used = at;
        return Count++;
    }

    /// <summary>Takes back the user added last.</summary>
    public void RemoveLast()
    {
        Count--;
        _unpacked.Remove(Count);
        long start = _starts[Count];
        if ((int)(start >> 32) == _blocks.Count - 1)
        {
            _used = (int)(uint)start;
        }
    }

    public string? Id(int position) => Read(position, 0);

    public string? UserName(int position) => Read(position, 1 + Array.IndexOf(UserAttributes.Text, UserAttributes.UserName));

    public string? ExternalId(int position) => Read(position, 1 + Array.IndexOf(UserAttributes.Text, UserAttributes.ExternalId));

    public bool? Active(int position)
    {
        byte flags = Block(position, out int at)[at];
        return (flags & ActiveKnown) == 0 ? null : (flags & ActiveTrue) != 0;
    }

    public bool IsMarked(int position) => (Block(position, out int at)[at] & Marked) != 0;

    /// <summary>The user's managed attributes, as a new object (the caller may change it).</summary>
    public UserFields Fields(int position)
    {
        if (_unpacked.Count > 0 && _unpacked.TryGetValue(position, out var kept))
        {
            return kept.Fields.Copy();
        }
        UserFields fields = new() { Active = Active(position) };
        byte[] block = Block(position, out int at);
        int present = block[at + 1] | (block[at + 2] << 8);
        at += 3;
        for (int v = 0; v < Values; v++)
        {
            if ((present & (1 << v)) != 0)
            {
                string text = Text(block, ref at);
                if (v > 0)
                {
                    UserAttributes.Text[v - 1].Set(fields, text);
                }
            }
        }
        return fields;
    }

    private string? Read(int position, int value)
    {
        if (_unpacked.Count > 0 && _unpacked.TryGetValue(position, out var kept))
        {
            return Value(kept.Id, kept.Fields, value);
        }
        byte[] block = Block(position, out int at);
        int present = block[at + 1] | (block[at + 2] << 8);
        if ((present & (1 << value)) == 0)
        {
            return null;
        }
        at += 3;
        for (int v = 0; v < value; v++)
        {
            if ((present & (1 << v)) != 0)
            {
                int length = Length(block, ref at);
                at += length;
            }
        }
        return Text(block, ref at);
    }

    private static string? Value(string? id, UserFields fields, int v) => v == 0 ? id : UserAttributes.Text[v - 1].Get(fields);

    private byte[] Block(int position, out int at)
    {
        if ((uint)position >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }
        long start = _starts[position];
        at = (int)(uint)start;
        return _blocks[(int)(start >> 32)];
    }

    private byte[] Room(int size)
    {
        if (_blocks.Count == 0 || _used + size > _blocks[_blocks.Count - 1].Length)
        {
            // A record larger than a block (values far beyond any limit ZIA allows) gets a block of its own.
            _blocks.Add(new byte[Math.Max(BlockSize, size)]);
            _used = 0;
        }
        return _blocks[_blocks.Count - 1];
    }

    private static string Text(byte[] block, ref int at)
    {
        int length = Length(block, ref at);
        string text = length == 0 ? string.Empty : Utf8.GetString(block, at, length);
        at += length;
        return text;
    }

    private static int Length(byte[] block, ref int at)
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = block[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return length;
            }
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static int LengthSize(int bytes) => bytes < 0x80 ? 1 : bytes < 0x4000 ? 2 : bytes < 0x200000 ? 3 : 5;
}
