using System;
using System.Collections.Generic;
using System.Linq;

namespace ZscalerScim.Sync;

/// <summary>A group as the input wants it: Members null means "membership not managed".</summary>
internal sealed class WantedGroup
{
    /// <summary>Its number in the input, from 1.</summary>
    public int Row { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public string? ExternalId { get; set; }

    public IReadOnlyList<string>? Members { get; set; }
}

/// <summary>A group as the server holds it: member ids (an array: most groups are small).</summary>
internal sealed class ServerGroup
{
    public string Id { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string? ExternalId { get; set; }

    public string[] MemberIds { get; set; } = Array.Empty<string>();
}

internal sealed class PlannedGroup
{
    public ScimSyncAction Action { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public string? Id { get; set; }

    public string? ExternalId { get; set; }

    public List<string> AddIds { get; } = new();

    public List<string> RemoveIds { get; } = new();

    public List<string> Added { get; } = new();

    public List<string> Removed { get; } = new();

    /// <summary>Members the server does not know: reported, the rest still applied.</summary>
    public List<string> UnknownMembers { get; } = new();

    public string? Error { get; set; }

    /// <summary>For a Skipped group, or members not added by ZIA's rules: the rule, as the end-of-run summary counts it.</summary>
    public string? SkipReason { get; set; }

    /// <summary>Members not added because they are already in as many groups as ZIA allows.</summary>
    public int SkippedMembers { get; set; }
}

/// <summary>Plans group creation and membership as the difference only: add what is missing, remove what is extra.</summary>
internal static class GroupSyncPlanner
{
    public static List<PlannedGroup> Plan(IEnumerable<WantedGroup> wanted, IReadOnlyList<ServerGroup> server,
        IReadOnlyDictionary<string, string> userIdsByName, IReadOnlyDictionary<string, string> userNamesById, bool deleteOthers)
    {
        List<PlannedGroup> plan = new();
        HashSet<string> matched = new(StringComparer.Ordinal);
        // How many groups each user is in as the plan goes: ZIA allows at most 128.
        Dictionary<string, int> groupsOf = new(StringComparer.Ordinal);
        foreach (string id in server.SelectMany(g => g.MemberIds))
        {
            groupsOf[id] = (groupsOf.TryGetValue(id, out int n) ? n : 0) + 1;
        }
        // The server's groups by ExternalId and by name (the first of each, as a scan would find it).
        Dictionary<string, ServerGroup> byExternalId = new(StringComparer.Ordinal);
        Dictionary<string, ServerGroup> byName = new(StringComparer.OrdinalIgnoreCase);
        foreach (ServerGroup g in server)
        {
            if (!string.IsNullOrEmpty(g.ExternalId) && !byExternalId.ContainsKey(g.ExternalId!))
            {
                byExternalId[g.ExternalId!] = g;
            }
            if (!byName.ContainsKey(g.DisplayName))
            {
                byName[g.DisplayName] = g;
            }
        }
        // Two rows for one group (by name, by ExternalId, or matching one server group) would overwrite each other's
        // members, or rename one group onto another: all of them fail, and nothing is deleted.
        List<WantedGroup> rows = wanted.ToList();
        ServerGroup?[] matches = rows.Select(g => g.DisplayName.Length == 0 ? null : Match(g, byExternalId, byName)).ToArray();
        Dictionary<string, List<int>> rowsByName = Shared(rows.Where(g => g.DisplayName.Length > 0).Select(g => (g.DisplayName, g.Row)), StringComparer.OrdinalIgnoreCase);
        Dictionary<string, List<int>> rowsByExternalId = Shared(rows.Where(g => g.DisplayName.Length > 0 && !string.IsNullOrEmpty(g.ExternalId)).Select(g => (g.ExternalId!, g.Row)), StringComparer.Ordinal);
        Dictionary<string, List<int>> rowsByMatch = Shared(rows.Select((g, i) => (Id: matches[i]?.Id, g.Row)).Where(m => m.Id is not null).Select(m => (m.Id!, m.Row)), StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            WantedGroup group = rows[i];
            ServerGroup? existing = matches[i];
            string? error = group.DisplayName.Length == 0
                ? $"Row {group.Row} has no DisplayName (or Name), or it is empty."
                : Clash(rowsByName, group.DisplayName, $"are all the group '{group.DisplayName}'")
                  ?? (string.IsNullOrEmpty(group.ExternalId) ? null : Clash(rowsByExternalId, group.ExternalId!, $"have the same ExternalId '{group.ExternalId}'"))
                  ?? (existing is null ? null : Clash(rowsByMatch, existing.Id, $"match the same server group '{existing.DisplayName}' (id {existing.Id})"));
            if (error is not null)
            {
                plan.Add(new PlannedGroup
                {
                    Action = ScimSyncAction.Failed,
                    DisplayName = group.DisplayName.Length == 0 ? $"(row {group.Row})" : group.DisplayName,
                    Error = error,
                });
                continue;
            }

            PlannedGroup step = new() { DisplayName = group.DisplayName, Id = existing?.Id, ExternalId = group.ExternalId };
            if (ZiaRules.CheckGroupName(group.DisplayName) is { } tooLong)
            {
                // Still in the source: its server group (matched by externalId) is never deleted as absent.
                if (existing is not null)
                {
                    matched.Add(existing.Id);
                }
                step.Action = ScimSyncAction.Skipped;
                step.Error = tooLong.Message;
                step.SkipReason = tooLong.Summary;
                plan.Add(step);
                continue;
            }
            HashSet<string> wantedIds = new(StringComparer.Ordinal);
            foreach (string member in group.Members ?? Array.Empty<string>())
            {
                if (userIdsByName.TryGetValue(member, out string? id))
                {
                    wantedIds.Add(id);
                }
                else
                {
                    step.UnknownMembers.Add(member);
                }
            }

            string[] current = existing?.MemberIds ?? Array.Empty<string>();
            // A large group's members are looked up in a set; a small one's in its array.
            HashSet<string>? currentSet = current.Length > 16 ? new(current, StringComparer.Ordinal) : null;
            List<RuleBreak> full = new();
            foreach (string id in wantedIds.Where(id => !(currentSet?.Contains(id) ?? Array.IndexOf(current, id) >= 0)))
            {
                string userName = userNamesById.TryGetValue(id, out string? n) ? n : id;
                int after = (groupsOf.TryGetValue(id, out int count) ? count : 0) + 1;
                if (after > ZiaLimits.MaxGroupsPerUser)
                {
                    full.Add(ZiaRules.TooManyGroups(userName, group.DisplayName, after));
                    continue;
                }
                groupsOf[id] = after;
                step.AddIds.Add(id);
                step.Added.Add(userName);
            }
            // With members it cannot resolve, the wanted list is incomplete: removing by it could empty the group.
            if (existing is not null && group.Members is not null && step.UnknownMembers.Count == 0)
            {
                foreach (string id in current.Where(id => !wantedIds.Contains(id)))
                {
                    step.RemoveIds.Add(id);
                    step.Removed.Add(userNamesById.TryGetValue(id, out string? n) ? n : id);
                }
            }
            if (existing is not null)
            {
                matched.Add(existing.Id);
            }
            step.Action = existing is null ? ScimSyncAction.Created
                : step.AddIds.Count + step.RemoveIds.Count > 0 ? ScimSyncAction.Updated
                : ScimSyncAction.Unchanged;
            if (step.UnknownMembers.Count > 0)
            {
                step.Error = $"Not on the SCIM server, so not added: {string.Join(", ", step.UnknownMembers)}; no member was removed from this group in this run. Sync the users first, or give userNames (UPNs).";
            }
            if (full.Count > 0)
            {
                step.Error = string.Join(" ", new[] { step.Error }.Concat(full.Select(f => f.Message)).Where(e => e is not null));
                step.SkipReason = full[0].Summary;
                step.SkippedMembers = full.Count;
            }
            plan.Add(step);
        }

        // A row that failed may be a group on the server: deleting "the rest" could delete it.
        if (deleteOthers && plan.All(p => p.Action != ScimSyncAction.Failed))
        {
            plan.AddRange(server.Where(s => !matched.Contains(s.Id)).Select(s => new PlannedGroup { Action = ScimSyncAction.Deleted, DisplayName = s.DisplayName, Id = s.Id }));
        }
        return plan;
    }

    /// <summary>The server group a row is: by ExternalId, else by name.</summary>
    private static ServerGroup? Match(WantedGroup group, Dictionary<string, ServerGroup> byExternalId, Dictionary<string, ServerGroup> byName) =>
        (!string.IsNullOrEmpty(group.ExternalId) && byExternalId.TryGetValue(group.ExternalId!, out ServerGroup? s) ? s : null)
        ?? (byName.TryGetValue(group.DisplayName, out ServerGroup? n) ? n : null);

    private static string? Clash(Dictionary<string, List<int>> shared, string key, string what) =>
        shared.TryGetValue(key, out List<int>? rows) ? SyncPlanner.Clash(rows, what, "group") : null;

    /// <summary>The rows of each key that several rows have; a key of one row is not kept (most keys, at 140K groups).</summary>
    private static Dictionary<string, List<int>> Shared(IEnumerable<(string Key, int Row)> keys, IEqualityComparer<string> comparer)
    {
        Dictionary<string, int> first = new(comparer);
        Dictionary<string, List<int>> shared = new(comparer);
        foreach ((string key, int row) in keys)
        {
            if (shared.TryGetValue(key, out List<int>? rows))
            {
                rows.Add(row);
            }
            else if (first.TryGetValue(key, out int earlier))
            {
                shared[key] = new List<int> { earlier, row };
            }
            else
            {
                first[key] = row;
            }
        }
        return shared;
    }
}
