using System.Collections.Generic;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Tests;

/// <summary>The planner's tables from the plain lists the tests write.</summary>
internal static class SyncTables
{
    public static InputRows ToInput(this IEnumerable<InputUser> rows)
    {
        InputRows input = new();
        foreach (InputUser row in rows)
        {
            input.Add(row);
        }
        return input;
    }

    public static ServerUsers ToServer(this IEnumerable<(string Id, UserFields Current)> users)
    {
        ServerUsers server = new();
        foreach ((string id, UserFields current) in users)
        {
            server.Add(id, current);
        }
        return server;
    }
}
