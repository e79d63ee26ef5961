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

    /// <summary>Takes one use of the first fault matching the request, if any.</summary>
    public Fault? Take(string method, string path)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => Matches(f, method, path));
            if (index < 0)
            {
                return null;
            }
            var fault = _faults[index];
            if (fault.Count <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Count = fault.Count - 1 };
            }
            return fault;
        }
    }

    private static bool Matches(Fault fault, string method, string path) =>
        !ApiPaths.IsControl(path)
        && (fault.Method is null || fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (fault.Path is null || path.StartsWith(fault.Path, StringComparison.OrdinalIgnoreCase));
}
