using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>GET /users?search=: where a login lives in ZIA when the SCIM endpoint does not hold it.</summary>
internal static class ZiaUsers
{
    /// <summary>A sentence saying what ZIA holds under this login, or null when ZIA has no such user.</summary>
    public static async Task<string?> DescribeAsync(ZiaSession session, string userName, OperationLog log, CancellationToken cancel)
    {
        string path = $"{ZiaWire.UsersPath}?{ZiaWire.Search}={Uri.EscapeDataString(userName)}&{ZiaWire.Page}=1&{ZiaWire.PageSize}=100";
        JArray users = await session.GetAsync(path, log, cancel).ConfigureAwait(false) as JArray ?? new JArray();
        JObject? user = users.OfType<JObject>().FirstOrDefault(u => UserNameComparer.Same((string?)u[ZiaWire.UserEmail], userName))
            ?? users.OfType<JObject>().FirstOrDefault(u => string.Equals((string?)u[ZiaWire.UserDisplayName], userName, StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return null;
        }
        string id = ((long?)user[ZiaWire.UserId] ?? 0).ToString(CultureInfo.InvariantCulture);
        string? department = (string?)user[ZiaWire.UserDepartment]?[ZiaWire.ReferenceName];
        string? comments = (string?)user[ZiaWire.UserComments];
        return $"ZIA holds it as user id {id} ('{(string?)user[ZiaWire.UserDisplayName]}'{(department is null ? "" : $", department {department}")}{((bool?)user[ZiaWire.UserIsAdmin] == true ? ", an admin account" : "")}{(string.IsNullOrEmpty(comments) ? "" : $", comments: {comments}")}), outside this identity provider's SCIM endpoint";
    }
}
