using System.Threading;

namespace ZscalerScim.Commands;

/// <summary>
/// -ResultSize and -All of the Get cmdlets that page (as Exchange's and Graph's): how many items to write, and whether
/// more exist. The read stops at one item past the size, which is how "more" is known without reading the rest.
/// </summary>
internal sealed class ResultLimit
{
    /// <summary>What a Get writes when neither -ResultSize nor -All is given.</summary>
    public const int DefaultSize = 1000;

    private readonly int _size;
    private int _wanted;

    public ResultLimit(int resultSize, bool all) => _size = all ? int.MaxValue : resultSize;

    /// <summary>The most items to ask the server for when every item read is wanted (no wildcard to match).</summary>
    public int ServerMax => _size == int.MaxValue ? int.MaxValue : _size + 1;

    /// <summary>Counts a wanted item (called from the reading thread); true when it is to be written.</summary>
    public bool Take() => Interlocked.Increment(ref _wanted) <= _size;

    /// <summary>One wanted item past the size was read: the list was cut, and the reading can stop.</summary>
    public bool More => Volatile.Read(ref _wanted) > _size;

    public int Size => _size;
}
