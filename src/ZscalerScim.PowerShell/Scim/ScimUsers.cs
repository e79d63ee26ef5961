using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>Finding users by object, userName or id.</summary>
internal static class ScimUsers
{
    public static async Task<ScimUser> FindAsync(ScimConnection connection, ScimUser? user, string? userName, string? id, OperationLog log, CancellationToken cancel)
    {
        if (user is not null)
        {
            return user;
        }
        if (id is not null)
        {
            try
            {
                return new ScimUser(await ScimClient.GetAsync(connection, ScimWire.Users, id, log, cancel).ConfigureAwait(false), connection);
            }
            catch (ZiaException ex) when (ex.StatusCode == 404)
            {
                throw NotFound($"id {id}", id);
            }
        }
        JObject? found = await ScimClient.FindOneAsync(connection, ScimWire.Users, ScimWire.Eq("userName", userName!), log, cancel).ConfigureAwait(false);
        // Trust the answer only if it is the user asked for: a server that ignores the filter returns its first user.
        return found is not null && string.Equals((string?)found["userName"], userName, System.StringComparison.OrdinalIgnoreCase)
            ? new ScimUser(found, connection)
            : throw NotFound($"'{userName}'", userName!);
    }

    public static ZiaException NotFound(string what, object target) => new("ScimUserNotFound", ErrorCategory.ObjectNotFound,
        $"The SCIM server has no user {what}. List users with Get-ZiaScimUser.", target);
}
