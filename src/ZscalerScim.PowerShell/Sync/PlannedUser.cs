using System.Collections.Generic;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>One planned step: the action, the user, and the fields to send (only what changes).</summary>
internal abstract class PlannedUser
{
    /// <summary>A step with its values held: an update, a deprovisioning, or a step that writes nothing.</summary>
    public static PlannedUser Of(ScimSyncAction action, string userName, string? id, UserFields? send, IReadOnlyList<string> changes, string? error = null, bool deprovision = false) =>
        new Held(action, userName, id, send, changes, error, deprovision, null);

    /// <summary>
    /// A user to create from the input row at this position, with active true unless the row says otherwise. It holds no
    /// values of its own until it is sent (they are read from the input's packed row): a first sync has a million of these.
    /// </summary>
    public static PlannedUser Create(InputRows input, int position) => new FromInput(input, position);

    /// <summary>A step not sent because it breaks one of ZIA's rules (its Error says which and how to fix it).</summary>
    public static PlannedUser Skipped(string userName, string? id, IReadOnlyList<string> changes, RuleBreak rule) =>
        new Held(ScimSyncAction.Skipped, userName, id, null, changes, rule.Message, false, rule.Summary);

    public abstract ScimSyncAction Action { get; }

    public abstract string UserName { get; }

    /// <summary>The server's id; null for a user to create.</summary>
    public abstract string? Id { get; }

    /// <summary>For Created: the whole user; for updates: only the changed attributes; null when nothing is sent. A new object each time for a user to create.</summary>
    public abstract UserFields? Send { get; }

    /// <summary>What the step sets, as "attribute: 'old' -> 'new'"; the Action says whether it was done.</summary>
    public abstract IReadOnlyList<string> Changes { get; }

    public abstract string? Error { get; }

    /// <summary>The step acts on a server user because no input row matched it.</summary>
    public abstract bool Deprovision { get; }

    /// <summary>For Skipped: the rule, as the end-of-run summary counts it.</summary>
    public abstract string? SkipReason { get; }

    public bool Writes => Action is not (ScimSyncAction.Unchanged or ScimSyncAction.Failed or ScimSyncAction.Skipped);

    private sealed class Held : PlannedUser
    {
        private readonly string _userName;
        private readonly string? _id;
        private readonly UserFields? _send;
        private readonly IReadOnlyList<string> _changes;
        private readonly string? _error;
        private readonly string? _skipReason;
        private readonly ScimSyncAction _action;
        private readonly bool _deprovision;

        public Held(ScimSyncAction action, string userName, string? id, UserFields? send, IReadOnlyList<string> changes, string? error, bool deprovision, string? skipReason)
        {
            _action = action;
            _userName = userName;
            _id = id;
            _send = send;
            _changes = changes;
            _error = error;
            _deprovision = deprovision;
            _skipReason = skipReason;
        }

        public override ScimSyncAction Action => _action;

        public override string UserName => _userName;

        public override string? Id => _id;

        public override UserFields? Send => _send;

        public override IReadOnlyList<string> Changes => _changes;

        public override string? Error => _error;

        public override bool Deprovision => _deprovision;

        public override string? SkipReason => _skipReason;
    }

    private sealed class FromInput : PlannedUser
    {
        private readonly InputRows _input;
        private readonly int _position;

        public FromInput(InputRows input, int position)
        {
            _input = input;
            _position = position;
        }

        public override ScimSyncAction Action => ScimSyncAction.Created;

        public override string UserName => _input.UserName(_position)!;

        public override string? Id => null;

        public override UserFields Send
        {
            get
            {
                UserFields create = _input.Fields(_position);
                create.Active ??= true;
                return create;
            }
        }

        public override IReadOnlyList<string> Changes => new CreateChanges(Send);

        public override string? Error => null;

        public override bool Deprovision => false;

        public override string? SkipReason => null;
    }
}
