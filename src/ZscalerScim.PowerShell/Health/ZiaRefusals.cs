using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZscalerScim.Health;

/// <summary>A ZIA rule behind SCIM refusals, as the event log shows it.</summary>
internal enum RefusalCause
{
    UnregisteredDomain,
    TooManyGroups,
    AdminLinkedUser,
    TokenRefused,
    Other,
}

/// <summary>The refusals of one cause: how many, which users and domains, and the repair.</summary>
internal sealed class RefusalGroup
{
    public RefusalGroup(RefusalCause cause, IReadOnlyList<ZiaEventLogEntry> entries)
    {
        Cause = cause;
        Entries = entries;
        Users = entries.SelectMany(e => ZiaRefusals.UserNames(e.Message)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public RefusalCause Cause { get; }

    public IReadOnlyList<ZiaEventLogEntry> Entries { get; }

    public IReadOnlyList<string> Users { get; }

    public IEnumerable<string> Domains => Users.Select(u => u.Substring(u.LastIndexOf('@') + 1)).Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Groups the event log's SCIM failures by ZIA's rules: the rule behind a message is Zia/ScimRefusals' reading of it
/// (unregistered domain, 128 groups, admin-linked user), a 401 is a refused token, and a failure none matches is Other,
/// grouped by its status and error code.
/// </summary>
internal static class ZiaRefusals
{
    private static readonly Regex UserName = new(@"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant);

    public static IReadOnlyList<RefusalGroup> Group(IEnumerable<ZiaEventLogEntry> failures) =>
        failures.GroupBy(CauseOf).OrderBy(g => g.Key).Select(g => new RefusalGroup(g.Key, g.ToList())).ToList();

    public static RefusalCause CauseOf(ZiaEventLogEntry entry) =>
        entry.StatusCode == 401 ? RefusalCause.TokenRefused
        : Zia.ScimRefusals.Classify(entry.Message)?.Rule switch
        {
            Zia.ScimRefusals.UnregisteredDomain => RefusalCause.UnregisteredDomain,
            Zia.ScimRefusals.TooManyGroups => RefusalCause.TooManyGroups,
            Zia.ScimRefusals.AdminLinkedUser => RefusalCause.AdminLinkedUser,
            _ => RefusalCause.Other,
        };

    /// <summary>The userNames a message names (a quoted registered-domain list is not one: it has no '@').</summary>
    public static IEnumerable<string> UserNames(string message) => UserName.Matches(message).Cast<Match>().Select(m => m.Value.Trim('\''));

    /// <summary>What the group means, in one sentence, with names and counts (never a secret: the log holds none).</summary>
    public static string Describe(RefusalGroup g)
    {
        int n = g.Entries.Count;
        string users = g.Users.Count == 0 ? string.Empty : $" ({Sample(g.Users)})";
        return g.Cause switch
        {
            RefusalCause.UnregisteredDomain =>
                $"{n} refusal{S(n)} for a domain not registered to the organization: {string.Join(", ", g.Domains.Select(d => $"{d} ({g.Users.Count(u => u.EndsWith("@" + d, StringComparison.OrdinalIgnoreCase))} user{S(g.Users.Count(u => u.EndsWith("@" + d, StringComparison.OrdinalIgnoreCase)))})"))}; ZIA logs one wrong-domain refusal a day, so more users may be refused",
            RefusalCause.TooManyGroups => $"{n} refusal{S(n)} of a user in more than 128 groups{users}",
            RefusalCause.AdminLinkedUser => $"{n} refused delete{S(n)} of a user linked to an admin account{users}",
            RefusalCause.TokenRefused => $"{n} request{S(n)} refused for the bearer token (401): the IdP sends a token that is not the identity provider's active one",
            _ => $"{n} other refusal{S(n)} ({string.Join(", ", g.Entries.GroupBy(e => $"{e.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "?"} {e.ErrorCode}".Trim()).Select(c => $"{c.Key} x{c.Count()}"))}), e.g. \"{Cut(g.Entries[0].Message)}\"",
        };
    }

    /// <summary>The command or portal step that repairs the group's cause.</summary>
    public static string Fix(RefusalGroup g, string? identityProvider) => g.Cause switch
    {
        RefusalCause.UnregisteredDomain => $"{string.Join(", ", g.Domains)}: {RuleFix(g)}",
        RefusalCause.TooManyGroups or RefusalCause.AdminLinkedUser => RuleFix(g),
        RefusalCause.TokenRefused =>
            $"Update-ZiaScimBearerToken -IdentityProvider '{identityProvider ?? "<name>"}' (after Connect-ZiaScimEntra or Connect-ZiaScimOkta) gives the IdP a new token and proves it; or paste Get-ZiaScimBearerToken's token into the IdP's provisioning settings.",
        _ => "Read the entries with Get-ZiaEventLog -Result Failure -Since ... and fix what their messages name.",
    };

    // The rule's repair, written once in Zia/ScimRefusals.
    private static string RuleFix(RefusalGroup g) => Zia.ScimRefusals.Classify(g.Entries[0].Message)?.Fix ?? string.Empty;

    private static string Sample(IReadOnlyList<string> users) =>
        string.Join(", ", users.Take(3)) + (users.Count > 3 ? $" and {users.Count - 3} more" : string.Empty);

    private static string S(int n) => n == 1 ? string.Empty : "s";

    private static string Cut(string text) => text.Length <= 120 ? text : text.Substring(0, 117) + "...";
}
