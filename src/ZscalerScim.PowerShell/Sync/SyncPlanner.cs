using System;
using System.Collections.Generic;
using System.Linq;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Compares the wanted users with the server's and plans the fewest writes: create what is missing, patch only
/// the attributes that differ, leave the rest. Pure logic: no I/O, so the plan can be shown before anything is written.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>
    /// The logins a run may disable or delete, a superset of what the plan will: server users whose userName no input
    /// row has (when deprovisioning), and input rows that say inactive. For checks that cost a request per user.
    /// </summary>
    public static IEnumerable<string> MayDeprovision(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision)
    {
        HashSet<string> named = new(StringComparer.OrdinalIgnoreCase);
        foreach (InputUser row in input)
        {
            if (row.Fields.UserName is { Length: > 0 } name)
            {
                named.Add(name);
                if (row.Fields.Active == false)
                {
                    yield return name;
                }
            }
        }
        if (deprovision == ScimDeprovisionMode.None)
        {
            yield break;
        }
        foreach ((string _, UserFields current) in server)
        {
            if (current.UserName is { Length: > 0 } name && !named.Contains(name))
            {
                yield return name;
            }
        }
    }

    public static SyncPlan Plan(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision, int? deprovisionLimit = null, SyncRules? rules = null)
    {
        // Server users by position: a large tenant's plan then needs no per-user object beyond what it holds.
        // Sized up front: growing a 100,000-entry table leaves its smaller copies behind as garbage.
        Dictionary<string, int> byExternalId = new(server.Count, StringComparer.Ordinal);
        Dictionary<string, int> byUserName = new(server.Count, StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < server.Count; s++)
        {
            UserFields current = server[s].Current;
            if (!string.IsNullOrEmpty(current.ExternalId))
            {
                byExternalId[current.ExternalId!] = s;
            }
            if (!string.IsNullOrEmpty(current.UserName))
            {
                byUserName[current.UserName!] = s;
            }
        }

        // Each readable, named row's server user: externalId (the directory's immutable id) first, as it
        // follows a user whose userName changed. One slot per input position; no per-row allocation, since a
        // large tenant's re-sync is mostly this loop.
        int[] matches = new int[input.Count];
        int[] matchCounts = new int[server.Count];
        Dictionary<string, int> nameCounts = new(input.Count, StringComparer.OrdinalIgnoreCase);
        Dictionary<string, int> externalIdCounts = new(input.Count, StringComparer.Ordinal);
        bool clashing = false;
        for (int i = 0; i < input.Count; i++)
        {
            InputUser row = input[i];
            matches[i] = -1;
            if (!IsNamed(row))
            {
                continue;
            }
            UserFields user = row.Fields;
            bool found = (!string.IsNullOrEmpty(user.ExternalId) && byExternalId.TryGetValue(user.ExternalId!, out int existing)) ||
                         byUserName.TryGetValue(user.UserName!, out existing);
            matches[i] = found ? existing : -1;
            clashing |= Count(nameCounts, user.UserName!) > 1;
            if (!string.IsNullOrEmpty(user.ExternalId))
            {
                clashing |= Count(externalIdCounts, user.ExternalId!) > 1;
            }
            if (found)
            {
                clashing |= ++matchCounts[existing] > 1;
            }
        }

        // Most inputs clash nowhere: rows are listed only for the names, externalIds and server users that two rows share.
        Dictionary<string, List<int>> clashesByName = new(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, List<int>> clashesByExternalId = new(StringComparer.Ordinal);
        Dictionary<int, List<int>> clashesByMatch = new();
        if (clashing)
        {
            for (int i = 0; i < input.Count; i++)
            {
                InputUser row = input[i];
                if (!IsNamed(row))
                {
                    continue;
                }
                AddClash(clashesByName, nameCounts, row.Fields.UserName!, row.Row);
                if (!string.IsNullOrEmpty(row.Fields.ExternalId))
                {
                    AddClash(clashesByExternalId, externalIdCounts, row.Fields.ExternalId!, row.Row);
                }
                if (matches[i] >= 0 && matchCounts[matches[i]] > 1)
                {
                    AddClash(clashesByMatch, matches[i], row.Row);
                }
            }
        }

        SyncPlan plan = new();
        bool[] matched = new bool[server.Count];
        List<string> described = new();
        for (int i = 0; i < input.Count; i++)
        {
            InputUser row = input[i];
            string name = row.Fields.UserName ?? string.Empty;
            string shown = name.Length > 0 ? name : $"(row {row.Row})";
            string? error = row.Error is not null ? $"Row {row.Row}: {row.Error}"
                : name.Length == 0 ? $"Row {row.Row} has no userName (UserPrincipalName, userName or an -AttributeMap entry), or it is empty."
                : Ambiguity(row, matches[i]);
            if (error is not null)
            {
                plan.FailedInput++;
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Failed, shown, matches[i] >= 0 ? server[matches[i]].Id : null, null, Array.Empty<string>(), error));
                continue;
            }

            described.Clear();
            if (matches[i] < 0)
            {
                UserFields create = row.Fields.Copy();
                create.Active ??= true;
                if (rules?.Check(create) is { } broken)
                {
                    plan.Steps.Add(PlannedUser.Skipped(name, null, new CreateChanges(create), broken));
                    continue;
                }
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Created, name, null, create, new CreateChanges(create)));
                continue;
            }

            (string Id, UserFields Current) existing = server[matches[i]];
            matched[matches[i]] = true;
            // No active value in the input: the server's state stands (only an explicit true reactivates).
            UserFields changes = row.Fields.ChangesFrom(existing.Current, described);
            ScimSyncAction action = changes.Active switch
            {
                true => ScimSyncAction.Reactivated,
                false => ScimSyncAction.Disabled,
                _ => changes.IsEmpty ? ScimSyncAction.Unchanged : ScimSyncAction.Updated,
            };
            IReadOnlyList<string> shownChanges = described.Count == 0 ? Array.Empty<string>() : described.ToArray();
            // Still in the source (matched above), so a skipped user is never deprovisioned.
            if (((changes.IsEmpty ? null : rules?.Check(changes)) ?? (action == ScimSyncAction.Disabled ? rules?.KeepAdmin(name, delete: false) : null)) is { } rule)
            {
                plan.Steps.Add(PlannedUser.Skipped(name, existing.Id, shownChanges, rule));
                continue;
            }
            plan.Steps.Add(new PlannedUser(action, name, existing.Id, changes.IsEmpty ? null : changes, shownChanges));
        }

        if (deprovision == ScimDeprovisionMode.None || plan.FailedInput > 0)
        {
            return plan;
        }
        List<PlannedUser> absent = new();
        List<PlannedUser> kept = new();
        for (int s = 0; s < server.Count; s++)
        {
            if (matched[s])
            {
                continue;
            }
            (string Id, UserFields Current) user = server[s];
            string name = user.Current.UserName ?? user.Id;
            if ((deprovision == ScimDeprovisionMode.Delete || (user.Current.Active ?? true)) && rules?.KeepAdmin(name, deprovision == ScimDeprovisionMode.Delete) is { } keep)
            {
                kept.Add(PlannedUser.Skipped(name, user.Id, new[] { "not in the input" }, keep));
                continue;
            }
            if (deprovision == ScimDeprovisionMode.Delete)
            {
                absent.Add(new PlannedUser(ScimSyncAction.Deleted, name, user.Id, null, new[] { "not in the input" }, deprovision: true));
            }
            else if (user.Current.Active ?? true)
            {
                absent.Add(new PlannedUser(ScimSyncAction.Disabled, name, user.Id, new UserFields { Active = false }, new[] { "not in the input: active: True -> False" }, deprovision: true));
            }
        }
        plan.DeprovisionLimit = DeprovisionLimits.Of(deprovisionLimit, server.Count);
        if (absent.Count > plan.DeprovisionLimit)
        {
            plan.HeldBack = absent.Count;
        }
        else
        {
            plan.Steps.AddRange(absent);
        }
        plan.Steps.AddRange(kept);
        return plan;

        string? Ambiguity(InputUser row, int match)
        {
            UserFields user = row.Fields;
            return (clashesByName.TryGetValue(user.UserName!, out List<int>? rows) ? Clash(rows, $"have the same userName '{user.UserName}'") : null)
                ?? (!string.IsNullOrEmpty(user.ExternalId) && clashesByExternalId.TryGetValue(user.ExternalId!, out rows) ? Clash(rows, $"have the same externalId '{user.ExternalId}'") : null)
                ?? (match >= 0 && clashesByMatch.TryGetValue(match, out rows) ? Clash(rows, $"match the same server user '{server[match].Current.UserName}' (id {server[match].Id})") : null);
        }
    }

    private static bool IsNamed(InputUser row) => row.Error is null && !string.IsNullOrEmpty(row.Fields.UserName);

    private static void AddClash(Dictionary<string, List<int>> clashes, Dictionary<string, int> counts, string key, int row)
    {
        if (counts[key] > 1)
        {
            AddClash(clashes, key, row);
        }
    }

    private static void AddClash<TKey>(Dictionary<TKey, List<int>> clashes, TKey key, int row)
        where TKey : notnull
    {
        if (!clashes.TryGetValue(key, out List<int>? rows))
        {
            clashes[key] = rows = new List<int>();
        }
        rows.Add(row);
    }

    private static int Count(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;

    /// <summary>The error of input rows that are one object (a user, or for the group planner a group): null for a single row.</summary>
    internal static string? Clash(IEnumerable<int> rows, string what, string noun = "user")
    {
        List<int> all = rows.ToList();
        if (all.Count < 2)
        {
            return null;
        }
        const int shown = 5;
        string list = all.Count <= shown
            ? $"{string.Join(", ", all.Take(all.Count - 1))} and {all[all.Count - 1]}"
            : $"{string.Join(", ", all.Take(shown))} and {all.Count - shown} more";
        return $"Rows {list} {what}, so it is not clear which is right: none of them was synced and no server {noun} was changed for them. Make each {noun} appear once in the input.";
    }
}
