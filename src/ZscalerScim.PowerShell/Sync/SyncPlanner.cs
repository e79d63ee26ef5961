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
    private const int MinimumLimit = 10;
    private const int LimitPercent = 5;

    /// <summary>
    /// Without -DeprovisionLimit: the larger of 10 users and 5% of the server's users, so that neither a small tenant
    /// nor a large one loses more than a normal night's leavers to an input that was cut short.
    /// </summary>
    public static int DefaultDeprovisionLimit(int serverUsers) => Math.Max(MinimumLimit, serverUsers * LimitPercent / 100);

    public static string DescribeDefaultLimit(int serverUsers) => $"by default the larger of {MinimumLimit} and {LimitPercent}% of the {serverUsers} users on the server";

    public static SyncPlan Plan(IReadOnlyList<InputUser> input, IReadOnlyList<(string Id, UserFields Current)> server, ScimDeprovisionMode deprovision, int? deprovisionLimit = null, SyncRules? rules = null)
    {
        Dictionary<string, (string Id, UserFields Current)> byExternalId = new(StringComparer.Ordinal);
        Dictionary<string, (string Id, UserFields Current)> byUserName = new(StringComparer.OrdinalIgnoreCase);
        foreach ((string Id, UserFields Current) user in server)
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

        // Each readable, named row and its server user: externalId (the directory's immutable id) first, as it
        // follows a user whose userName changed.
        List<(InputUser Row, (string Id, UserFields Current)? Match)> named = new();
        foreach (InputUser row in input.Where(r => r.Error is null && !string.IsNullOrEmpty(r.Fields.UserName)))
        {
            UserFields user = row.Fields;
            (string Id, UserFields Current) existing = default;
            bool found = (!string.IsNullOrEmpty(user.ExternalId) && byExternalId.TryGetValue(user.ExternalId!, out existing)) ||
                         byUserName.TryGetValue(user.UserName!, out existing);
            named.Add((row, found ? existing : null));
        }
        // Two rows for one user would overwrite each other (and flip-flop from run to run): all of them fail.
        ILookup<string, int> rowsByName = named.ToLookup(n => n.Row.Fields.UserName!, n => n.Row.Row, StringComparer.OrdinalIgnoreCase);
        ILookup<string, int> rowsByExternalId = named.Where(n => !string.IsNullOrEmpty(n.Row.Fields.ExternalId))
            .ToLookup(n => n.Row.Fields.ExternalId!, n => n.Row.Row, StringComparer.Ordinal);
        ILookup<string, int> rowsByMatch = named.Where(n => n.Match is not null).ToLookup(n => n.Match!.Value.Id, n => n.Row.Row, StringComparer.Ordinal);
        Dictionary<int, (InputUser Row, (string Id, UserFields Current)? Match)> byRow = named.ToDictionary(n => n.Row.Row);

        SyncPlan plan = new();
        HashSet<string> matched = new(StringComparer.Ordinal);
        foreach (InputUser row in input)
        {
            string name = row.Fields.UserName ?? string.Empty;
            string shown = name.Length > 0 ? name : $"(row {row.Row})";
            string? error = row.Error is not null ? $"Row {row.Row}: {row.Error}"
                : name.Length == 0 ? $"Row {row.Row} has no userName (UserPrincipalName, userName or an -AttributeMap entry), or it is empty."
                : Ambiguity(byRow[row.Row]);
            if (error is not null)
            {
                plan.FailedInput++;
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Failed, shown, byRow.TryGetValue(row.Row, out var n) ? n.Match?.Id : null, null, Array.Empty<string>(), error));
                continue;
            }

            List<string> described = new();
            if (byRow[row.Row].Match is not { } existing)
            {
                UserFields create = row.Fields.Copy();
                create.Active ??= true;
                create.ChangesFrom(new UserFields(), described);
                if (rules?.Check(create) is { } broken)
                {
                    plan.Steps.Add(PlannedUser.Skipped(name, null, described, broken));
                    continue;
                }
                plan.Steps.Add(new PlannedUser(ScimSyncAction.Created, name, null, create, described));
                continue;
            }

            matched.Add(existing.Id);
            // No active value in the input: the server's state stands (only an explicit true reactivates).
            UserFields changes = row.Fields.ChangesFrom(existing.Current, described);
            ScimSyncAction action = changes.Active switch
            {
                true => ScimSyncAction.Reactivated,
                false => ScimSyncAction.Disabled,
                _ => changes.IsEmpty ? ScimSyncAction.Unchanged : ScimSyncAction.Updated,
            };
            // Still in the source (matched above), so a skipped user is never deprovisioned.
            if (((changes.IsEmpty ? null : rules?.Check(changes)) ?? (action == ScimSyncAction.Disabled ? rules?.KeepAdmin(name, delete: false) : null)) is { } rule)
            {
                plan.Steps.Add(PlannedUser.Skipped(name, existing.Id, described, rule));
                continue;
            }
            plan.Steps.Add(new PlannedUser(action, name, existing.Id, changes.IsEmpty ? null : changes, described));
        }

        if (deprovision == ScimDeprovisionMode.None || plan.FailedInput > 0)
        {
            return plan;
        }
        List<PlannedUser> absent = new();
        List<PlannedUser> kept = new();
        foreach ((string Id, UserFields Current) user in server.Where(u => !matched.Contains(u.Id)))
        {
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
        plan.DeprovisionLimit = deprovisionLimit ?? DefaultDeprovisionLimit(server.Count);
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

        string? Ambiguity((InputUser Row, (string Id, UserFields Current)? Match) n)
        {
            UserFields user = n.Row.Fields;
            return Clash(rowsByName[user.UserName!], $"have the same userName '{user.UserName}'")
                ?? (string.IsNullOrEmpty(user.ExternalId) ? null : Clash(rowsByExternalId[user.ExternalId!], $"have the same externalId '{user.ExternalId}'"))
                ?? (n.Match is { } m ? Clash(rowsByMatch[m.Id], $"match the same server user '{m.Current.UserName}' (id {m.Id})") : null);
        }
    }

    private static string? Clash(IEnumerable<int> rows, string what)
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
        return $"Rows {list} {what}, so it is not clear which is right: none of them was synced and no server user was changed for them. Make each user appear once in the input.";
    }
}
