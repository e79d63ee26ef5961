using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>Zscaler's own limits on what SCIM may write (Admin Portal help: adding users, adding groups).</summary>
internal static class ZiaLimits
{
    public const int MaxUserNameLength = 127;
    public const int MaxDisplayNameLength = 127;
    public const int MaxGroupNameLength = 128;
    public const int MaxGroupsPerUser = 128;
}

/// <summary>A rule an item breaks: Summary groups the end-of-run count, Message is the item's own result.</summary>
internal sealed class RuleBreak
{
    public RuleBreak(string summary, string message)
    {
        Summary = summary;
        Message = message;
    }

    public string Summary { get; }

    public string Message { get; }
}

/// <summary>
/// The domains ZIA accepts in a userName: known (orgInformation, or -RegisteredDomain) or unknown; in both cases a
/// domain the server refused is remembered, so that no other user of it is sent in this run. Thread-safe: the
/// applier may consult it from concurrent writes.
/// </summary>
internal sealed class RegisteredDomains
{
    private readonly HashSet<string>? _registered;
    private HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    /// <param name="registered">Null when the run does not know them.</param>
    public RegisteredDomains(IEnumerable<string>? registered, string source)
    {
        _registered = registered is null ? null : new HashSet<string>(registered.Select(d => d.Trim().TrimStart('@')).Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);
        Source = source;
    }

    /// <summary>Where the list came from ("orgInformation", "-RegisteredDomain"), or why there is none.</summary>
    public string Source { get; }

    public bool Known => _registered is not null;

    public static string? DomainOf(string userName)
    {
        int at = userName.LastIndexOf('@');
        return at > 0 && at < userName.Length - 1 ? userName.Substring(at + 1) : null;
    }

    /// <summary>True when ZIA refuses (or would refuse) users of this domain.</summary>
    public bool Refuses(string domain) =>
        // Read without a lock: every planned user is checked, and a refusal learned replaces the set rather than changing it.
        Volatile.Read(ref _refused).Contains(domain) || (_registered is not null && !_registered.Contains(domain));

    /// <summary>Records a domain the server refused; true the first time.</summary>
    public bool Learn(string domain)
    {
        lock (_gate)
        {
            if (_refused.Contains(domain))
            {
                return false;
            }
            Volatile.Write(ref _refused, new HashSet<string>(_refused, StringComparer.OrdinalIgnoreCase) { domain });
            return true;
        }
    }

    public string Describe() => _registered is null ? "not known" : _registered.Count == 0 ? "none" : string.Join(", ", _registered.OrderBy(d => d, StringComparer.OrdinalIgnoreCase));

    public RuleBreak Unregistered(string userName, string domain, bool learned) => new(
        $"domain {domain} is not registered with ZIA: ask Zscaler support to add it",
        $"Not sent: domain {domain} is not registered with ZIA, which refuses its users such as '{userName}' " +
        (learned ? "(the server refused an earlier user of it in this run)" : $"(registered, from {Source}: {Describe()})") +
        $": ask Zscaler support to add {domain} to the organization, or leave its users out of the input.");
}

/// <summary>The checks made before the first write, for every user and group of the input (pure).</summary>
internal static class ZiaRules
{
    /// <summary>What ZIA would refuse in the attributes a step sends (a create's whole user, an update's changes).</summary>
    public static RuleBreak? CheckUser(UserFields send, RegisteredDomains? domains)
    {
        if (send.UserName is { } userName)
        {
            if (userName.Length > ZiaLimits.MaxUserNameLength)
            {
                return new RuleBreak($"userName longer than {ZiaLimits.MaxUserNameLength} characters: shorten it in the source",
                    $"Not sent: userName is {userName.Length} characters long and ZIA allows user IDs of at most {ZiaLimits.MaxUserNameLength}. Shorten it in the source, or map a shorter attribute with -AttributeMap @{{ userName = '<property>' }}.");
            }
            if (RegisteredDomains.DomainOf(userName) is not { } domain)
            {
                return new RuleBreak("userName is not user@domain: map the user principal name or email to userName",
                    $"Not sent: userName '{userName}' is not user@domain, which ZIA requires. Map the user principal name (or email) to userName with -AttributeMap @{{ userName = '<property>' }}.");
            }
            if (domains is not null && domains.Refuses(domain))
            {
                return domains.Unregistered(userName, domain, learned: !domains.Known);
            }
        }
        if (send.DisplayName is { Length: > ZiaLimits.MaxDisplayNameLength } display)
        {
            return new RuleBreak($"displayName longer than {ZiaLimits.MaxDisplayNameLength} characters: shorten it in the source",
                $"Not sent: displayName is {display.Length} characters long and ZIA allows at most {ZiaLimits.MaxDisplayNameLength}. Shorten it in the source, or map a shorter attribute with -AttributeMap @{{ displayName = '<property>' }}.");
        }
        return null;
    }

    public static RuleBreak? CheckGroupName(string displayName) =>
        displayName.Length <= ZiaLimits.MaxGroupNameLength ? null
        : new RuleBreak($"group name longer than {ZiaLimits.MaxGroupNameLength} characters: shorten it in the source",
            $"Not sent: the group name is {displayName.Length} characters long and ZIA allows at most {ZiaLimits.MaxGroupNameLength}. Rename the group in the source.");

    /// <summary>A user who would be in more groups than ZIA allows if this add went through.</summary>
    public static RuleBreak TooManyGroups(string userName, string group, int groupsAfter) => new(
        $"user in more than {ZiaLimits.MaxGroupsPerUser} groups: remove them from other groups first",
        $"'{userName}' was not added to '{group}': that would put the user in {groupsAfter} groups, and ZIA allows at most {ZiaLimits.MaxGroupsPerUser}. Remove the user from other groups first.");
}
