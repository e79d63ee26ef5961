using System;
using System.Collections.Generic;
using System.Linq;
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
                return ScimResources.User(await ScimClient.GetAsync(connection, ScimWire.Users, id, log, cancel).ConfigureAwait(false), connection);
            }
            catch (ZiaException ex) when (ex.StatusCode == 404)
            {
                throw NotFound($"id {id}", id);
            }
        }
        List<ScimUser> found = await ByUserNameAsync(connection, userName!, log, cancel).ConfigureAwait(false);
        return found.Count switch
        {
            0 => throw NotFound($"'{userName}'", userName!),
            1 => found[0],
            _ => throw new ZiaException("ScimUserAmbiguous", ErrorCategory.InvalidResult,
                $"The SCIM server holds {found.Count} users named '{userName}' when case and Unicode form are ignored, as ZIA compares userNames: {string.Join(", ", found.Select(u => $"'{u.UserName}' (id {u.Id})"))}. " +
                "Nothing was changed. Give the one you mean with -Id, or remove the duplicate.", userName!),
        };
    }

    // A filter answer may hold more than one user by the rule (a server that keeps case): enough to see them, never the whole tenant.
    private const int MostByName = 50;

    /// <summary>
    /// The users whose userName is the one given by <see cref="UserNameComparer"/>. The filter goes to the server, once
    /// for each Unicode form of the name (most names have one), and only what the rule accepts is kept: a server that
    /// ignores the filter, or compares by case, cannot hand back another user.
    /// </summary>
    public static async Task<List<ScimUser>> ByUserNameAsync(ScimConnection connection, string userName, OperationLog log, CancellationToken cancel)
    {
        List<ScimUser> found = new();
        HashSet<string> ids = new(StringComparer.Ordinal);
        foreach (string form in Forms(userName))
        {
            await ScimClient.ListAsync(connection, ScimWire.Users, ScimWire.Eq("userName", form), null, item =>
            {
                ScimUser user = ScimResources.User(item, connection);
                if (UserNameComparer.Same(user.UserName, userName) && ids.Add(user.Id))
                {
                    found.Add(user);
                }
            }, MostByName, log, cancel).ConfigureAwait(false);
        }
        return found;
    }

    /// <summary>The name as given, composed (NFC) and decomposed (NFD): one form for a name with no accents.</summary>
    private static IEnumerable<string> Forms(string userName)
    {
        HashSet<string> forms = new(StringComparer.Ordinal) { userName };
        string composed = UserNameComparer.Composed(userName);
        forms.Add(composed);
        if (!ReferenceEquals(composed, userName) || composed.Any(c => c >= '\u0300'))
        {
            try
            {
                forms.Add(composed.Normalize(System.Text.NormalizationForm.FormD));
            }
            catch (ArgumentException)
            {
                // Not valid Unicode: the name as given is all there is.
            }
        }
        return forms;
    }

    public static ZiaException NotFound(string what, object target) => new("ScimUserNotFound", ErrorCategory.ObjectNotFound,
        $"The SCIM server has no user {what}. List users with Get-ZiaScimUser.", target);

    /// <summary>The SCIM filter for one lookup: an id, an externalId, an exact userName, or a raw filter; null lists everyone.</summary>
    public static string? Filter(string? id, string? externalId, string? userName, string? rawFilter) =>
        id is not null ? ScimWire.Eq("id", id)
        : externalId is not null ? ScimWire.Eq("externalId", externalId)
        : rawFilter ?? (userName is null ? null : ScimWire.Eq("userName", userName));

    /// <summary>Users page by page, each handed on as it arrives; returns how many the server sent.</summary>
    public static Task<int> ListAsync(ScimConnection connection, string? filter, Action<ScimUser> onUser, int max, OperationLog log, CancellationToken cancel) =>
        ScimClient.ListAsync(connection, ScimWire.Users, filter, null, item => onUser(ScimResources.User(item, connection)), max, log, cancel);

    public static async Task<ScimUser> CreateAsync(ScimConnection connection, UserFields fields, OperationLog log, CancellationToken cancel) =>
        ScimResources.User(await ScimClient.CreateAsync(connection, ScimWire.Users, fields.ToResource(), log, cancel).ConfigureAwait(false), connection);

    /// <summary>One PATCH of exactly the managed attributes in <paramref name="changes"/>; the server's user when asked for and sent.</summary>
    public static async Task<ScimUser?> PatchAsync(ScimConnection connection, ScimUser user, UserFields changes, bool wantResult, OperationLog log, CancellationToken cancel)
    {
        JObject? result = await ScimClient.PatchAsync(connection, ScimWire.Users, user.Id, changes.ToPatch(), wantResult, log, cancel).ConfigureAwait(false);
        return result is null ? null : ScimResources.User(result, connection);
    }

    public static Task DeleteAsync(ScimConnection connection, ScimUser user, OperationLog log, CancellationToken cancel) =>
        ScimClient.DeleteAsync(connection, ScimWire.Users, user.Id, log, cancel);
}
