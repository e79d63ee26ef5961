using System;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>
/// Names for tab completion (userName of users, displayName of groups), only that attribute asked for. The server
/// filters by prefix (sw) where it can; Zscaler's filters know only eq (400 invalidFilter), so there the caller matches
/// the first names the server lists.
/// </summary>
internal static class ScimNames
{
    /// <param name="groups">Group displayNames; otherwise userNames.</param>
    public static Task<int> StartingWithAsync(ScimConnection connection, bool groups, string prefix, int max, Action<string> onName, OperationLog log, CancellationToken cancel) =>
        ReadAsync(connection, Resource(groups), $"{Attribute(Resource(groups))} sw {ScimWire.Quote(prefix)}", max, onName, log, cancel);

    public static Task<int> FirstAsync(ScimConnection connection, bool groups, int max, Action<string> onName, OperationLog log, CancellationToken cancel) =>
        ReadAsync(connection, Resource(groups), null, max, onName, log, cancel);

    private static string Resource(bool groups) => groups ? ScimWire.Groups : ScimWire.Users;

    private static string Attribute(string resource) => resource == ScimWire.Groups ? "displayName" : "userName";

    private static Task<int> ReadAsync(ScimConnection connection, string resource, string? filter, int max, Action<string> onName, OperationLog log, CancellationToken cancel) =>
        ScimClient.ListAsync(connection, resource, filter, "attributes=" + Attribute(resource), item =>
        {
            if ((string?)(item[Attribute(resource)] as JValue) is { Length: > 0 } name)
            {
                onName(name);
            }
        }, max, log, cancel);
}
