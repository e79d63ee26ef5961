using System.Collections.Generic;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>One planned step: the action, the user, and the fields to send (only what changes).</summary>
internal sealed class PlannedUser
{
    // A user to create keeps no values of its own until it is sent: they are read from the input's packed row.
    private readonly string? _userName;
    private readonly UserFields? _send;
    private readonly IReadOnlyList<string>? _changes;
    private readonly InputRows? _input;
    private readonly int _row;

    public PlannedUser(ScimSyncAction action, string userName, string? id, UserFields? send, IReadOnlyList<string> changes, string? error = null, bool deprovision = false)
    {
        Action = action;
        _userName = userName;
        Id = id;
        _send = send;
        _changes = changes;
        Error = error;
        Deprovision = deprovision;
    }

    private PlannedUser(InputRows input, int position)
    {
        Action = ScimSyncAction.Created;
        _input = input;
        _row = position;
    }

    /// <summary>A user to create from the input row at this position, with active true unless the row says otherwise.</summary>
    public static PlannedUser Create(InputRows input, int position) => new(input, position);

    public ScimSyncAction Action { get; }

    public string UserName => _userName ?? _input!.UserName(_row)!;

    /// <summary>The server's id; null for a user to create.</summary>
    public string? Id { get; }

    /// <summary>For Created: the whole user; for updates: only the changed attributes; null when nothing is sent. A new object each time for a user to create.</summary>
    public UserFields? Send
    {
        get
        {
            if (_input is null)
            {
                return _send;
            }
            UserFields create = _input.Fields(_row);
            create.Active ??= true;
            return create;
        }
    }

    /// <summary>What the step sets, as "attribute: 'old' -> 'new'"; the Action says whether it was done.</summary>
    public IReadOnlyList<string> Changes => _changes ?? new CreateChanges(Send!);

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
