using System.Collections.Generic;
using ZscalerScim.Internal;

namespace ZscalerScim.Sync;

/// <summary>
/// Which server user each input row means (<see cref="SyncPlanner.Match"/>), found once: the renames it finds decide
/// which of ZIA's rules a run reads, and the plan is made from it after. Positions count from 0.
/// </summary>
internal sealed class SyncMatch
{
    public SyncMatch(InputRows input, ServerUsers server)
    {
        Input = input;
        Server = server;
        Matches = new int[input.Count];
    }

    public InputRows Input { get; }

    public ServerUsers Server { get; }

    /// <summary>By input position: the server user the row means; -1 for none, or for a row that is not named (unreadable, no userName).</summary>
    public int[] Matches { get; }

    /// <summary>Server users that cannot be told apart from another (a shared externalId or userName), and why.</summary>
    public Dictionary<int, string> Unclear { get; } = new();

    /// <summary>Rows that name such a server user, or whose externalId and userName name two, by input position, and why.</summary>
    public Dictionary<int, string> UnclearRows { get; } = new();

    /// <summary>The server users those rows name: never deprovisioned for being absent.</summary>
    public HashSet<int> Involved { get; } = new();

    /// <summary>The rows (by row number, from 1) of each server user that two or more rows match.</summary>
    public Dictionary<int, List<int>> ClashesByMatch { get; } = new();

    /// <summary>Rows found by externalId whose userName finds no server user, or another: in the plan, renames (or unclear rows).</summary>
    internal List<int> RenameRows { get; } = new();

    /// <summary>The renames a run may plan (by <see cref="UserNameComparer"/>): from the server user's userName to the row's.</summary>
    public IEnumerable<(string From, string To)> Renames
    {
        get
        {
            foreach (int i in RenameRows)
            {
                if (Server.UserName(Matches[i]) is { Length: > 0 } held && Input.UserName(i) is { } name && !UserNameComparer.Same(held, name))
                {
                    yield return (held, name);
                }
            }
        }
    }
}
