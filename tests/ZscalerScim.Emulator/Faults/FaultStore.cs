using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Faults;

/// <summary>Queued faults, first added first used.</summary>
public sealed class FaultStore
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];
    // One seeded generator per queued fault with a probability.
    private readonly Dictionary<Fault, Random> _draws = new(ReferenceEqualityComparer.Instance);

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
            _draws.Clear();
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
                var draws = fault.Probability is null ? null : Draws(fault);
                var hit = draws is null ? seen % fault.Every == 0 : draws.NextDouble() < fault.Probability;
                Fault next = hit ? fault with { Count = fault.Count - 1, Seen = seen } : fault with { Seen = seen };
                if (draws is not null)
                {
                    _draws.Remove(fault);
                    _draws[next] = draws;
                }
                if (!hit)
                {
                    _faults[index] = next;
                    continue;
                }
                if (fault.Count <= 1)
                {
                    _faults.RemoveAt(index);
                    _draws.Remove(next);
                }
                else
                {
                    _faults[index] = next;
                }
                return fault;
            }
            return null;
        }
    }

    private Random Draws(Fault fault)
    {
        if (!_draws.TryGetValue(fault, out var draws))
        {
            _draws[fault] = draws = new Random(fault.Seed);
        }
        return draws;
    }

    private static bool Matches(Fault fault, string method, string path) =>
        !ApiPaths.IsControl(path)
        && (fault.Method is null || fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (fault.Path is null || path.StartsWith(fault.Path, StringComparison.OrdinalIgnoreCase));
}
