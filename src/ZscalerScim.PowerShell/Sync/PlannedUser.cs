using System.Collections.Generic;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>One planned step: the action, the user, and the fields to send (only what changes).</summary>
internal sealed class PlannedUser
{
    public PlannedUser(ScimSyncAction action, string userName, string? id, UserFields? send, IReadOnlyList<string> changes, string? error = null, bool deprovision = false)
    {
        Action = action;
        UserName = userName;
        Id = id;
        Send = send;
        Changes = changes;
        Error = error;
        Deprovision = deprovision;
    }

    public ScimSyncAction Action { get; }

    public string UserName { get; }

    /// <summary>The server's id; null for a user to create.</summary>
    public string? Id { get; }

    /// <summary>For Created: the whole user; for updates: only the changed attributes; null when nothing is sent.</summary>
    public UserFields? Send { get; }

    /// <summary>What the step sets, as "attribute: 'old' -> 'new'"; the Action says whether it was done.</summary>
    public IReadOnlyList<string> Changes { get; }

    public string? Error { get; }

    /// <summary>The step acts on a server user because no input row matched it.</summary>
    public bool Deprovision { get; }

    public bool Writes => Action is not (ScimSyncAction.Unchanged or ScimSyncAction.Failed or ScimSyncAction.Skipped);

    /// <summary>For Skipped: the rule, as the end-of-run summary counts it.</summary>
    public string? SkipReason { get; private init; }

    /// <summary>A step not sent because it breaks one of ZIA's rules (its Error says which and how to fix it).</summary>
    public static PlannedUser Skipped(string userName, string? id, IReadOnlyList<string> changes, RuleBreak rule) =>
        new(ScimSyncAction.Skipped, userName, id, null, changes, rule.Message) { SkipReason = rule.Summary };
}
