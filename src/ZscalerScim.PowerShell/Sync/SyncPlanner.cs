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
    public static IEnumerable<string> MayDeprovision(SyncMatch match, ScimDeprovisionMode deprovision)
    {
        (InputRows input, ServerUsers server) = (match.Input, match.Server);
        for (int i = 0; i < input.Count; i++)
        {
            if (input.Active(i) == false && input.UserName(i) is { Length: > 0 } name)
            {
                yield return name;
            }
        }
        foreach ((string from, string to) in match.Renames)
        {
            yield return from;
            yield return to;
        }
        if (deprovision == ScimDeprovisionMode.None)
        {
            yield break;
        }
        for (int s = 0; s < server.Count; s++)
        {
            if (server.UserName(s) is { Length: > 0 } name && input.FindUserName(name) < 0)
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// The plan. Steps that write nothing (Unchanged, Failed, Skipped) are handed to <paramref name="settled"/> as they are
    /// decided, in input order, and not kept: a re-sync of a large tenant is mostly such steps.
    /// </summary>
    public static SyncPlan Plan(InputRows input, ServerUsers server, ScimDeprovisionMode deprovision, int? deprovisionLimit = null, SyncRules? rules = null, Action<PlannedUser>? settled = null) =>
        Plan(Match(input, server), deprovision, deprovisionLimit, rules, settled);

    /// <summary>
    /// Finds each readable, named row's server user: externalId (the directory's immutable id) first, as it follows a
    /// user whose userName changed. It needs no rule, so the renames it finds can decide which of ZIA's rules to read.
    /// </summary>
    public static SyncMatch Match(InputRows input, ServerUsers server)
    {
        // Why each server user that cannot be told apart from another is left alone: it is never changed, renamed,
        // disabled or deleted, and no user is created in its place.
        SyncMatch match = new(input, server);
        Dictionary<int, string> unclear = match.Unclear;
        foreach (KeyValuePair<string, List<int>> same in server.SameExternalId)
        {
            Unclear(unclear, same.Value, $"The server holds {same.Value.Count} users with the externalId '{same.Key}' ({Describe(server, same.Value)})");
        }
        foreach (KeyValuePair<string, List<int>> same in server.SameUserName)
        {
            Unclear(unclear, same.Value, $"The server holds {same.Value.Count} users whose userNames differ only in case or Unicode form, which ZIA takes for one ({Describe(server, same.Value)})");
        }

        // One slot per input position; no per-row object, since a large tenant's re-sync is mostly this loop.
        int[] matches = match.Matches;
        int[] matchCounts = new int[server.Count];
        bool twoRowsOneUser = false;
        for (int i = 0; i < input.Count; i++)
        {
            matches[i] = -1;
            // A named row: read without error, with a userName.
            if (input.Error(i) is not null || input.UserName(i) is not { Length: > 0 } userName)
            {
                continue;
            }
            string? externalId = input.ExternalId(i);
            int existing = string.IsNullOrEmpty(externalId) ? -1 : server.FindByExternalId(externalId!);
            bool byExternal = existing >= 0;
            int named = byExternal || unclear.Count > 0 ? server.FindByUserName(userName) : -1;
            if (!byExternal)
            {
                existing = unclear.Count > 0 ? named : server.FindByUserName(userName);
            }
            else if (named != existing)
            {
                // Found by externalId, not by userName: a rename, or a userName another server user holds.
                match.RenameRows.Add(i);
            }
            bool found = existing >= 0;
            matches[i] = existing;
            if (unclear.Count > 0 || byExternal)
            {
                string? why = !string.IsNullOrEmpty(externalId) && server.SameExternalId.TryGetValue(externalId!, out List<int>? same) ? unclear[same[0]]
                    : server.SameUserName.TryGetValue(userName, out same) ? unclear[same[0]]
                    : found && unclear.TryGetValue(existing, out string? held) ? held
                    // The externalId is one server user and the userName another: renaming the first would meet the second.
                    : byExternal && named >= 0 && named != existing
                        ? $"The row's externalId '{externalId}' is the server user {Describe(server, new[] { existing })}, but its userName is the server user {Describe(server, new[] { named })}"
                        : null;
                if (why is not null)
                {
                    match.UnclearRows[i] = why;
                    if (byExternal && named >= 0)
                    {
                        match.Involved.Add(named);
                    }
                    if (found)
                    {
                        match.Involved.Add(existing);
                    }
                }
            }
            if (found)
            {
                twoRowsOneUser |= ++matchCounts[existing] > 1;
            }
        }

        // Rows are listed only for the server users that two rows match: most inputs have none.
        if (twoRowsOneUser)
        {
            for (int i = 0; i < input.Count; i++)
            {
                if (matches[i] >= 0 && matchCounts[matches[i]] > 1)
                {
                    AddClash(match.ClashesByMatch, matches[i], i + 1);
                }
            }
        }

        return match;
    }

    /// <summary>The plan from a <see cref="Match"/>: see the other overload.</summary>
    public static SyncPlan Plan(SyncMatch match, ScimDeprovisionMode deprovision, int? deprovisionLimit = null, SyncRules? rules = null, Action<PlannedUser>? settled = null)
    {
        (InputRows input, ServerUsers server) = (match.Input, match.Server);
        (int[] matches, Dictionary<int, string> unclear, Dictionary<int, string> unclearRows, Dictionary<int, List<int>> clashesByMatch) =
            (match.Matches, match.Unclear, match.UnclearRows, match.ClashesByMatch);
        SyncPlan plan = new();
        void Settle(PlannedUser step)
        {
            if (settled is null || step.Writes)
            {
                plan.Steps.Add(step);
            }
            else
            {
                settled(step);
            }
        }

        bool[] matched = new bool[server.Count];
        foreach (int s in match.Involved)
        {
            matched[s] = true;
        }
        HashSet<string> reported = new(UserNameComparer.Instance);
        List<string> described = new();
        for (int i = 0; i < input.Count; i++)
        {
            // Read once: a large tenant's re-sync is mostly this loop.
            UserFields wanted = input.Fields(i);
            string name = wanted.UserName ?? string.Empty;
            int row = i + 1;
            string shown = name.Length > 0 ? name : $"(row {row})";
            string? error = input.Error(i) is { } unreadable ? $"Row {row}: {unreadable}"
                : name.Length == 0 ? $"Row {row} has no userName (UserPrincipalName, userName or an -AttributeMap entry), or it is empty."
                : Ambiguity(i, matches[i]);
            if (error is not null)
            {
                plan.FailedInput++;
                Settle(PlannedUser.Of(ScimSyncAction.Failed, shown, matches[i] >= 0 ? server.Id(matches[i]) : null, null, Array.Empty<string>(), error));
                continue;
            }
            // Not a fault of the input: the users involved are known and left alone, so the rest (deprovisioning too) goes on.
            if (unclearRows.TryGetValue(i, out string? unsure))
            {
                reported.Add(name);
                int sameName = server.FindByUserName(name);
                Settle(PlannedUser.Of(ScimSyncAction.Failed, name, sameName >= 0 ? server.Id(sameName) : null, null, Array.Empty<string>(), Unsure(unsure, $"row {row} ('{name}') means")));
                continue;
            }

            if (matches[i] < 0)
            {
                wanted.Active ??= true;
                if (rules?.Check(wanted) is { } broken)
                {
                    Settle(PlannedUser.Skipped(name, null, new CreateChanges(wanted), broken));
                    continue;
                }
                // The values stay packed in the input until the user is sent.
                Settle(PlannedUser.Create(input, i));
                continue;
            }

            int existing = matches[i];
            matched[existing] = true;
            UserFields current = server.Fields(existing);
            // No active value in the input: the server's state stands (only an explicit true reactivates).
            described.Clear();
            UserFields changes = wanted.ChangesFrom(current, described);
            ScimSyncAction action = changes.Active switch
            {
                true => ScimSyncAction.Reactivated,
                false => ScimSyncAction.Disabled,
                _ => changes.IsEmpty ? ScimSyncAction.Unchanged : ScimSyncAction.Updated,
            };
            IReadOnlyList<string> shownChanges = described.Count == 0 ? Array.Empty<string>() : described.ToArray();
            string id = server.Id(existing);
            // A rename onto an admin's login, or of an admin's user, hands over or changes that admin in ZIA: never by a sync.
            if (changes.UserName is { } newName && rules?.RefuseRename(current.UserName, newName) is { } refused)
            {
                Settle(PlannedUser.Of(ScimSyncAction.Failed, name, id, null, shownChanges, refused));
                continue;
            }
            // Still in the source (matched above), so a skipped user is never deprovisioned.
            if (((changes.IsEmpty ? null : rules?.Check(changes)) ?? (action == ScimSyncAction.Disabled ? rules?.KeepAdmin(name, delete: false) : null)) is { } rule)
            {
                Settle(PlannedUser.Skipped(name, id, shownChanges, rule));
                continue;
            }
            Settle(PlannedUser.Of(action, name, id, changes.IsEmpty ? null : changes, shownChanges));
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
            string id = server.Id(s);
            string name = server.UserName(s) ?? id;
            bool active = server.Active(s) ?? true;
            if (unclear.TryGetValue(s, out string? unsure))
            {
                // Not deprovisioned: reported once, unless an input row of its name already was.
                if (!reported.Contains(name))
                {
                    Settle(PlannedUser.Of(ScimSyncAction.Failed, name, id, null, Array.Empty<string>(), Unsure(unsure, "the input means")));
                }
                continue;
            }
            if ((deprovision == ScimDeprovisionMode.Delete || active) && rules?.KeepAdmin(name, deprovision == ScimDeprovisionMode.Delete) is { } keep)
            {
                kept.Add(PlannedUser.Skipped(name, id, new[] { "not in the input" }, keep));
                continue;
            }
            if (deprovision == ScimDeprovisionMode.Delete)
            {
                absent.Add(PlannedUser.Of(ScimSyncAction.Deleted, name, id, null, new[] { "not in the input" }, deprovision: true));
            }
            else if (active)
            {
                absent.Add(PlannedUser.Of(ScimSyncAction.Disabled, name, id, new UserFields { Active = false }, new[] { "not in the input: active: True -> False" }, deprovision: true));
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
        foreach (PlannedUser step in kept)
        {
            Settle(step);
        }
        return plan;

        string? Ambiguity(int i, int match) =>
            (input.SameUserName(i) is { } rows ? Clash(rows, $"have the same userName '{input.UserName(i)}'") : null)
            ?? (input.SameExternalId(i) is { } same ? Clash(same, $"have the same externalId '{input.ExternalId(i)}'") : null)
            ?? (match >= 0 && clashesByMatch.TryGetValue(match, out List<int>? matching) ? Clash(matching, $"match the same server user '{server.UserName(match)}' (id {server.Id(match)})") : null);
    }

    private static void Unclear(Dictionary<int, string> unclear, List<int> users, string why)
    {
        foreach (int s in users)
        {
            unclear[s] = unclear.TryGetValue(s, out string? already) ? $"{already}; {why}" : why;
        }
    }

    private static string Describe(ServerUsers server, IEnumerable<int> users) =>
        string.Join(", ", users.Select(s => $"'{server.UserName(s)}' (id {server.Id(s)})"));

    private static string Unsure(string why, string who) =>
        $"{why}, so it is not clear which user {who}: none of them was changed, renamed, disabled or deleted, and no user was created in their place. " +
        "Remove or correct the duplicate on the server (Get-ZiaScimUser -ExternalId or -UserName lists them), then sync again.";

    private static void AddClash<TKey>(Dictionary<TKey, List<int>> clashes, TKey key, int row)
        where TKey : notnull
    {
        if (!clashes.TryGetValue(key, out List<int>? rows))
        {
            clashes[key] = rows = new List<int>();
        }
        rows.Add(row);
    }

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
