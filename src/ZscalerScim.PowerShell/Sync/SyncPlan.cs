using System;
using System.Collections.Generic;
using System.Linq;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>What a sync does to the server's users that are not in the input.</summary>
public enum ScimDeprovisionMode
{
    /// <summary>Leave them alone.</summary>
    None,

    /// <summary>Set active = false.</summary>
    Disable,

    /// <summary>Delete them.</summary>
    Delete,
}

/// <summary>One user's outcome in a sync.</summary>
public enum ScimSyncAction
{
    Created,
    Updated,
    Reactivated,
    Unchanged,
    Disabled,
    Deleted,
    Failed,
}

/// <summary>One planned step: the action, the user, and the fields to send (only what changes).</summary>
internal sealed class PlannedUser
{
    public PlannedUser(ScimSyncAction action, string userName, string? id, UserFields? send, IReadOnlyList<string> changes, string? error = null)
    {
        Action = action;
        UserName = userName;
        Id = id;
        Send = send;
        Changes = changes;
        Error = error;
    }

    public ScimSyncAction Action { get; }

    public string UserName { get; }

    /// <summary>The server's id; null for a user to create.</summary>
    public string? Id { get; }

    /// <summary>For Created: the whole user; for updates: only the changed attributes; null when nothing is sent.</summary>
    public UserFields? Send { get; }

    public IReadOnlyList<string> Changes { get; }

    public string? Error { get; }

    public bool Writes => Action is not (ScimSyncAction.Unchanged or ScimSyncAction.Failed);
}

/// <summary>
/// Compares the wanted users with the server's and plans the fewest writes: create what is missing, patch only
/// the attributes that differ, leave the rest. Pure logic: no I/O, so the plan can be shown before anything is written.
/// </summary>
internal static class SyncPlanner
{
    public static List<PlannedUser> Plan(IEnumerable<UserFields> wanted, IEnumerable<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision)
    {
        List<(string Id, UserFields Current)> all = server.ToList();
        Dictionary<string, (string Id, UserFields Current)> byExternalId = new(StringComparer.Ordinal);
        Dictionary<string, (string Id, UserFields Current)> byUserName = new(StringComparer.OrdinalIgnoreCase);
        foreach ((string Id, UserFields Current) user in all)
        {
            if (!string.IsNullOrEmpty(user.Current.ExternalId))
            {
                byExternalId[user.Current.ExternalId!] = user;
            }
            if (!string.IsNullOrEmpty(user.Current.UserName))
            {
                byUserName[user.Current.UserName!] = user;
            }
        }

        List<PlannedUser> plan = new();
        HashSet<string> seenNames = new(StringComparer.OrdinalIgnoreCase);
        HashSet<string> matched = new(StringComparer.Ordinal);
        foreach (UserFields user in wanted)
        {
            string name = user.UserName ?? string.Empty;
            if (name.Length == 0)
            {
                plan.Add(new PlannedUser(ScimSyncAction.Failed, "(none)", null, null, Array.Empty<string>(), "The input object has no userName (UserPrincipalName, userName or an -AttributeMap entry)."));
                continue;
            }
            if (!seenNames.Add(name))
            {
                plan.Add(new PlannedUser(ScimSyncAction.Failed, name, null, null, Array.Empty<string>(), $"'{name}' appears more than once in the input; only the first was used."));
                continue;
            }

            // externalId (the directory's immutable id) first: it follows a user whose userName changed.
            (string Id, UserFields Current) existing = default;
            bool found = (!string.IsNullOrEmpty(user.ExternalId) && byExternalId.TryGetValue(user.ExternalId!, out existing)) ||
                         byUserName.TryGetValue(name, out existing);
            if (!found)
            {
                UserFields create = user.Copy();
                create.Active ??= true;
                plan.Add(new PlannedUser(ScimSyncAction.Created, name, null, create, new[] { "created" }));
                continue;
            }

            matched.Add(existing.Id);
            // No active value in the input: the server's state stands (only an explicit true reactivates).
            List<string> described = new();
            UserFields changes = user.ChangesFrom(existing.Current, described);
            ScimSyncAction action = changes.Active switch
            {
                true => ScimSyncAction.Reactivated,
                false => ScimSyncAction.Disabled,
                _ => changes.IsEmpty ? ScimSyncAction.Unchanged : ScimSyncAction.Updated,
            };
            plan.Add(new PlannedUser(action, name, existing.Id, changes.IsEmpty ? null : changes, described));
        }

        if (deprovision != ScimDeprovisionMode.None)
        {
            foreach ((string Id, UserFields Current) user in all.Where(u => !matched.Contains(u.Id)))
            {
                string name = user.Current.UserName ?? user.Id;
                if (deprovision == ScimDeprovisionMode.Delete)
                {
                    plan.Add(new PlannedUser(ScimSyncAction.Deleted, name, user.Id, null, new[] { "not in the input" }));
                }
                else if (user.Current.Active ?? true)
                {
                    plan.Add(new PlannedUser(ScimSyncAction.Disabled, name, user.Id, new UserFields { Active = false }, new[] { "not in the input: active: True -> False" }));
                }
            }
        }
        return plan;
    }
}
