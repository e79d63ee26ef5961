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
/// Maps the event log's SCIM failures to ZIA's rules (reference "provisioning-health": unregistered domain, 128 groups,
/// admin-linked user, a refused token). ZIA's refusal texts are not published: the patterns follow the wording of
/// Zscaler's help pages and are matched loosely; a failure none matches is grouped as Other by its error code.
/// </summary>
internal static class ZiaRefusals
{
    private static readonly Regex UserName = new(@"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant);

    public static IReadOnlyList<RefusalGroup> Group(IEnumerable<ZiaEventLogEntry> failures) =>
        failures.GroupBy(CauseOf).OrderBy(g => g.Key).Select(g => new RefusalGroup(g.Key, g.ToList())).ToList();

    public static RefusalCause CauseOf(ZiaEventLogEntry entry)
    {
        string m = entry.Message;
        if (entry.StatusCode == 401 || Has(m, "bearer token") || Has(m, "unauthorized"))
        {
            return RefusalCause.TokenRefused;
        }
        if (Has(m, "domain") && (Has(m, "regist") || Has(m, "not allowed") || Has(m, "invalid")))
        {
            return RefusalCause.UnregisteredDomain;
        }
        if (Has(m, "128") || Has(m, "127 groups") || (Has(m, "group") && Has(m, "limit")))
        {
            return RefusalCause.TooManyGroups;
        }
        if (Has(m, "admin") && Has(m, "delete"))
        {
            return RefusalCause.AdminLinkedUser;
        }
        return RefusalCause.Other;
    }

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
        RefusalCause.UnregisteredDomain =>
            $"Register {string.Join(", ", g.Domains)} to the organization (a Zscaler support ticket; Get-ZiaOrganization lists the registered domains), or give those users a userName in a registered domain in the IdP's attribute mapping.",
        RefusalCause.TooManyGroups =>
            "Take the users out of groups ZIA does not use, or push only the groups ZIA policies need (Entra: assign those groups; Okta: Push Groups); ZIA allows 128 groups a user.",
        RefusalCause.AdminLinkedUser =>
            "Unassign such users without deleting them, or set 'Admin Account Action When SCIM Deletes Linked User Account' (Administration > Administrator Management) if the admin should go too.",
        RefusalCause.TokenRefused =>
            $"Update-ZiaScimBearerToken -IdentityProvider '{identityProvider ?? "<name>"}' (with -ServicePrincipal for Entra ID or -OktaDomain for Okta) writes ZIA's token into the IdP; or paste Get-ZiaScimBearerToken's token into the IdP's provisioning settings.",
        _ => "Read the entries with Get-ZiaEventLog -Result Failure -Since ... and fix what their messages name.",
    };

    private static string Sample(IReadOnlyList<string> users) =>
        string.Join(", ", users.Take(3)) + (users.Count > 3 ? $" and {users.Count - 3} more" : string.Empty);

    private static string S(int n) => n == 1 ? string.Empty : "s";

    private static string Cut(string text) => text.Length <= 120 ? text : text.Substring(0, 117) + "...";

    private static bool Has(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
}
