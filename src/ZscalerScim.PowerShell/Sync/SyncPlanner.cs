using System;
using System.Collections.Generic;
using System.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Compares the wanted users with the server's and plans the fewest writes: create what is missing, patch only
/// the attributes that differ, leave the rest. Pure logic: no I/O, so the plan can be shown before anything is written.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>
    /// The logins a run may disable, delete or rename, a superset of what the plan will: server users whose userName no
    /// input row has (when deprovisioning), input rows that say inactive, and both names of each rename. For checks that
    /// cost a request per user.
    /// </summary>
    public static IEnumerable<string> MayDeprovision(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision)
    {
        HashSet<string> named = new(UserNameComparer.Instance);
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
        foreach ((string from, string to) in Renames(input, server))
        {
            yield return from;
            yield return to;
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

    /// <summary>The renames a run may plan: rows whose externalId is a server user's whose userName is another (by <see cref="UserNameComparer"/>).</summary>
    public static IEnumerable<(string From, string To)> Renames(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server)
    {
        Dictionary<string, string> namesByExternalId = new(StringComparer.Ordinal);
        foreach ((string _, UserFields current) in server)
        {
            if (!string.IsNullOrEmpty(current.ExternalId) && !string.IsNullOrEmpty(current.UserName))
            {
                namesByExternalId[current.ExternalId!] = current.UserName!;
            }
        }
        foreach (InputUser row in input)
        {
            if (row.Fields.UserName is { Length: > 0 } name && !string.IsNullOrEmpty(row.Fields.ExternalId) &&
                namesByExternalId.TryGetValue(row.Fields.ExternalId!, out string? held) && !UserNameComparer.Same(held, name))
            {
                yield return (held, name);
            }
        }
    }

    public static SyncPlan Plan(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision, int? deprovisionLimit = null, SyncRules? rules = null)
    {
        // Server users by position: a large tenant's plan then needs no per-user object beyond what it holds.
        // Sized up front: growing a 100,000-entry table leaves its smaller copies behind as garbage.
        Dictionary<string, int> byExternalId = new(server.Count, StringComparer.Ordinal);
        Dictionary<string, int> byUserName = new(server.Count, UserNameComparer.Instance);
        // Server users that cannot be told apart (one externalId, or userNames the same by the rule): rare, so made only when met.
        Dictionary<string, List<int>>? sameExternalId = null;
        Dictionary<string, List<int>>? sameUserName = null;
        for (int s = 0; s < server.Count; s++)
        {
            UserFields current = server[s].Current;
            if (!string.IsNullOrEmpty(current.ExternalId))
            {
                Index(byExternalId, ref sameExternalId, StringComparer.Ordinal, current.ExternalId!, s);
            }
            if (!string.IsNullOrEmpty(current.UserName))
            {
                Index(byUserName, ref sameUserName, UserNameComparer.Instance, current.UserName!, s);
            }
        }
        // Why each such server user is left alone: it is never changed, renamed, disabled or deleted, and no user is created in its place.
        Dictionary<int, string> unclear = new();
        foreach (KeyValuePair<string, List<int>> same in sameExternalId ?? new())
        {
            Unclear(unclear, same.Value, $"The server holds {same.Value.Count} users with the externalId '{same.Key}' ({Describe(server, same.Value)})");
        }
        foreach (KeyValuePair<string, List<int>> same in sameUserName ?? new())
        {
            Unclear(unclear, same.Value, $"The server holds {same.Value.Count} users whose userNames differ only in case or Unicode form, which ZIA takes for one ({Describe(server, same.Value)})");
        }

        // Each readable, named row's server user: externalId (the directory's immutable id) first, as it
        // follows a user whose userName changed. One slot per input position; no per-row allocation, since a
        // large tenant's re-sync is mostly this loop.
        int[] matches = new int[input.Count];
        int[] matchCounts = new int[server.Count];
        Dictionary<string, int> nameCounts = new(input.Count, UserNameComparer.Instance);
        Dictionary<string, int> externalIdCounts = new(input.Count, StringComparer.Ordinal);
        // Rows that name a server user who cannot be told apart from another: why, by input position; and the server users they name.
        Dictionary<int, string> unclearRows = new();
        HashSet<int> involved = new();
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
            int existing = -1;
            bool byExternal = !string.IsNullOrEmpty(user.ExternalId) && byExternalId.TryGetValue(user.ExternalId!, out existing);
            bool found = byExternal || byUserName.TryGetValue(user.UserName!, out existing);
            matches[i] = found ? existing : -1;
            if (unclear.Count > 0 || byExternal)
            {
                string? why = !string.IsNullOrEmpty(user.ExternalId) && sameExternalId?.TryGetValue(user.ExternalId!, out List<int>? same) == true ? unclear[same![0]]
                    : sameUserName?.TryGetValue(user.UserName!, out same) == true ? unclear[same![0]]
                    : found && unclear.TryGetValue(existing, out string? held) ? held
                    // The externalId is one server user and the userName another: renaming the first would meet the second.
                    : byExternal && byUserName.TryGetValue(user.UserName!, out int other) && other != existing
                        ? $"The row's externalId '{user.ExternalId}' is the server user {Describe(server, new[] { existing })}, but its userName is the server user {Describe(server, new[] { other })}"
                        : null;
                if (why is not null)
                {
                    unclearRows[i] = why;
                    if (byExternal && byUserName.TryGetValue(user.UserName!, out int named))
                    {
                        involved.Add(named);
                    }
                    if (found)
                    {
                        involved.Add(existing);
                    }
                }
            }
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
        Dictionary<string, List<int>> clashesByName = new(UserNameComparer.Instance);
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
        foreach (int s in involved)
        {
            matched[s] = true;
        }
        HashSet<string> reported = new(UserNameComparer.Instance);
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
            // Not a fault of the input: the users involved are known and left alone, so the rest (deprovisioning too) goes on.
            if (unclearRows.TryGetValue(i, out string? unsure))
            {
                reported.Add(name);
                string? sameName = byUserName.TryGetValue(name, out int s) ? server[s].Id : null;
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Failed, name, sameName, null, Array.Empty<string>(), Unsure(unsure, $"row {row.Row} ('{name}') means")));
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
            // A rename onto an admin's login, or of an admin's user, hands over or changes that admin in ZIA: never by a sync.
            if (changes.UserName is { } newName && rules?.RefuseRename(existing.Current.UserName, newName) is { } refused)
            {
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Failed, name, existing.Id, null, shownChanges, refused));
                continue;
            }
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
            if (unclear.TryGetValue(s, out string? unsure))
            {
                // Not deprovisioned: reported once, unless an input row of its name already was.
                if (!reported.Contains(name))
                {
                    plan.Steps.Add(new PlannedUser(ScimSyncAction.Failed, name, user.Id, null, Array.Empty<string>(), Unsure(unsure, "the input means")));
                }
                continue;
            }
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

    /// <summary>Adds a server user to an index; a second one under the same key goes into the list of those that cannot be told apart.</summary>
    private static void Index(Dictionary<string, int> index, ref Dictionary<string, List<int>>? same, StringComparer comparer, string key, int s)
    {
        if (!index.TryGetValue(key, out int first))
        {
            index[key] = s;
            return;
        }
        same ??= new Dictionary<string, List<int>>(comparer);
        if (!same.TryGetValue(key, out List<int>? all))
        {
            same[key] = all = new List<int> { first };
        }
        all.Add(s);
    }

    private static void Unclear(Dictionary<int, string> unclear, List<int> users, string why)
    {
        foreach (int s in users)
        {
            unclear[s] = unclear.TryGetValue(s, out string? already) ? $"{already}; {why}" : why;
        }
    }

    private static string Describe(IReadOnlyList<(string Id, UserFields Current)> server, IEnumerable<int> users) =>
        string.Join(", ", users.Select(s => $"'{server[s].Current.UserName}' (id {server[s].Id})"));

    private static string Unsure(string why, string who) =>
        $"{why}, so it is not clear which user {who}: none of them was changed, renamed, disabled or deleted, and no user was created in their place. " +
        "Remove or correct the duplicate on the server (Get-ZiaScimUser -ExternalId or -UserName lists them), then sync again.";

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
