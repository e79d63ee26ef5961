using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Faults;

/// <summary>Queued faults, first added first used.</summary>
public sealed class FaultStore
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<Fault> List()
    {
        lock (_gate)
        {
            return [.. _faults];
        }
    }

    /// <summary>
    /// Takes one use of the first fault that matches the request and whose turn it is (every Nth match), if any.
    /// A request taken by one fault is not counted by the faults after it.
    /// </summary>
    public Fault? Take(string method, string path)
    {
        lock (_gate)
        {
            for (var index = 0; index < _faults.Count; index++)
            {
                var fault = _faults[index];
                if (!Matches(fault, method, path))
                {
                    continue;
                }
                var seen = fault.Seen + 1;
                if (seen % fault.Every != 0)
                {
                    _faults[index] = fault with { Seen = seen };
                    continue;
                }
                if (fault.Count <= 1)
                {
                    _faults.RemoveAt(index);
                }
                else
                {
                    _faults[index] = fault with { Count = fault.Count - 1, Seen = seen };
                }
                return fault;
            }
            return null;
        }
    }

    private static bool Matches(Fault fault, string method, string path) =>
        !ApiPaths.IsControl(path)
        && (fault.Method is null || fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (fault.Path is null || path.StartsWith(fault.Path, StringComparison.OrdinalIgnoreCase));
}
