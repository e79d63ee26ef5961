using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.ZIdentity;

/// <summary>A ZIdentity user as the ZIdentity API lists it.</summary>
internal sealed record ZIdentityUser(string Id, string LoginName);

/// <summary>
/// The documented ZIdentity API (OneAPI: the same client credentials and token as Connect-Zia's OneAPI session):
/// users, groups and their service and admin entitlements, read only.
/// </summary>
internal static class ZIdentityApi
{
    /// <summary>True when the session can reach the ZIdentity API (a OneAPI session).</summary>
    public static bool IsAvailable(ZiaSession? session) =>
        session is { IsConnected: true, Endpoints.ZIdentityApi: not null } && session.AuthType != ZiaAuthType.ApiKey;

    public static async Task<List<ZIdentityUser>> UsersAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        List<ZIdentityUser> users = new();
        await ListAsync(session, ZIdentityWire.Users, item =>
        {
            if ((string?)item[ZIdentityWire.Id] is { Length: > 0 } id)
            {
                users.Add(new ZIdentityUser(id, (string?)item[ZIdentityWire.LoginName] ?? string.Empty));
            }
        }, log, cancel).ConfigureAwait(false);
        return users;
    }

    /// <summary>The groups' raw records (id, name, source, isDynamicGroup, ...).</summary>
    public static async Task<List<JObject>> GroupsAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        List<JObject> groups = new();
        await ListAsync(session, ZIdentityWire.Groups, groups.Add, log, cancel).ConfigureAwait(false);
        return groups;
    }

    /// <summary>The names of the services a user is entitled to (service entitlements).</summary>
    public static async Task<IReadOnlyList<string>> ServiceNamesAsync(ZiaSession session, string userId, OperationLog log, CancellationToken cancel) =>
        ServiceNames(await GetAsync(session, ZIdentityWire.ServiceEntitlements(userId), log, cancel).ConfigureAwait(false));

    /// <summary>The names of the services a user administers (admin entitlements).</summary>
    public static async Task<IReadOnlyList<string>> AdminServiceNamesAsync(ZiaSession session, string userId, OperationLog log, CancellationToken cancel) =>
        ServiceNames(await GetAsync(session, ZIdentityWire.AdminEntitlements(userId), log, cancel).ConfigureAwait(false));

    /// <summary>
    /// Of the given logins, those that are in ZIdentity but have no ZIA service entitlement (they will not reach ZIA
    /// until entitled), and those ZIdentity does not list (yet).
    /// </summary>
    public static async Task<(List<string> Unentitled, List<string> NotInZIdentity)> WithoutZiaAsync(ZiaSession session, IEnumerable<string> logins, OperationLog log, CancellationToken cancel)
    {
        Dictionary<string, string> ids = new(UserNameComparer.Instance);
        foreach (ZIdentityUser user in await UsersAsync(session, log, cancel).ConfigureAwait(false))
        {
            ids[user.LoginName] = user.Id;
        }
        List<string> unentitled = new(), missing = new();
        foreach (string login in logins.Distinct(UserNameComparer.Instance))
        {
            if (!ids.TryGetValue(login, out string? id))
            {
                missing.Add(login);
            }
            else if (!(await ServiceNamesAsync(session, id, log, cancel).ConfigureAwait(false)).Any(ZIdentityWire.IsZia))
            {
                unentitled.Add(login);
            }
        }
        return (unentitled, missing);
    }

    /// <summary>
    /// Of the given logins, those of users with an admin entitlement for ZIA: the accounts a sync must not disable or
    /// delete (ZIdentity for Admins and Users disables such an admin in ZIA on a SCIM deactivate). One call per login
    /// that ZIdentity lists, so the caller passes only the users it may disable or delete.
    /// </summary>
    public static async Task<List<string>> ZiaAdminLoginsAsync(ZiaSession session, IEnumerable<string> among, OperationLog log, CancellationToken cancel)
    {
        // Logins are userNames: matched by the one rule (Internal/UserNameComparer).
        HashSet<string> wanted = new(among, UserNameComparer.Instance);
        List<string> admins = new();
        if (wanted.Count == 0)
        {
            return admins;
        }
        foreach (ZIdentityUser user in await UsersAsync(session, log, cancel).ConfigureAwait(false))
        {
            if (wanted.Contains(user.LoginName) && (await AdminServiceNamesAsync(session, user.Id, log, cancel).ConfigureAwait(false)).Any(ZIdentityWire.IsZia))
            {
                admins.Add(user.LoginName);
            }
        }
        return admins;
    }

    /// <summary>An entitlement answer: a list of entries ({service: {serviceName}} or {serviceName}), or one such object.</summary>
    internal static IReadOnlyList<string> ServiceNames(JToken? json)
    {
        IEnumerable<JToken> items = json switch
        {
            JArray array => array,
            JObject o when o[ZIdentityWire.Records] is JArray records => records,
            JObject o => new[] { o },
            _ => throw Changed("a list of entitlements"),
        };
        return items.OfType<JObject>()
            .Select(e => (string?)e[ZIdentityWire.Service]?[ZIdentityWire.ServiceName] ?? (string?)e[ZIdentityWire.ServiceName])
            .Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
    }

    private static async Task ListAsync(ZiaSession session, string resource, Action<JObject> onItem, OperationLog log, CancellationToken cancel)
    {
        int offset = 0;
        while (true)
        {
            JToken? page = await GetAsync(session, ZIdentityWire.Page(resource, offset), log, cancel).ConfigureAwait(false);
            if (page?[ZIdentityWire.Records] is not JArray records)
            {
                throw Changed($"a page of {resource} with '{ZIdentityWire.Records}'");
            }
            foreach (JObject item in records.OfType<JObject>())
            {
                onItem(item);
            }
            offset += records.Count;
            int total = (int?)page[ZIdentityWire.ResultsTotal] ?? offset;
            if (records.Count == 0 || offset >= total)
            {
                return;
            }
        }
    }

    private static async Task<JToken?> GetAsync(ZiaSession session, string path, OperationLog log, CancellationToken cancel)
    {
        if (!IsAvailable(session))
        {
            throw new ZiaException("ZIdentityRequiresOneApi", ErrorCategory.InvalidOperation,
                "The ZIdentity API is reached only through OneAPI: connect with Connect-Zia -VanityDomain -ClientId (-ClientSecret or -PrivateKey).", session);
        }
        // ZIdentity publishes no rate limit for this API: no throttle here; a 429 is waited out as advertised.
        ApiResponse answer = await session.Api.SendAsync(new ApiRequest(HttpMethod.Get, new Uri(session.Endpoints.ZIdentityApi!, path)) { Idempotent = true }, log, cancel).ConfigureAwait(false);
        return answer.Json;
    }

    private static ZiaException Changed(string what) => new(Zia.WholeObjectApi.ChangedErrorId, ErrorCategory.InvalidData,
        $"The ZIdentity API did not return {what}, which this module expects; the API may have changed. Nothing was changed. Update ZscalerScim.");
}
