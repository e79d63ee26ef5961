using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZscalerScim.Connections;

/// <summary>
/// The default session and SCIM connection of each runspace, never process-wide: parallel runspaces
/// (ForEach-Object -Parallel, thread jobs, runbooks) connected to different tenants never see each other.
/// ForEach-Object -Parallel hands one runspace from iteration to iteration and resets only its variables, so the
/// defaults live in a global variable: an iteration that did not connect has none, as a new runspace has none,
/// and can never send a call to the tenant of an earlier iteration.
/// </summary>
internal static class SessionStore
{
    private const string VariableName = "ZscalerScimDefaults";

    // The session state of each runspace that has had defaults, so that static code on the runspace's
    // pipeline thread can read its global variable (Runspace.SessionStateProxy refuses while a command runs).
    private static readonly ConditionalWeakTable<Runspace, SessionState> States = new();

    /// <summary>The runspace's default session; setting it is only for clearing (Connect-Zia uses <see cref="For"/>).</summary>
    public static ZiaSession? Zia
    {
        get => Current?.Zia;
        set
        {
            if (Current is { } defaults)
            {
                defaults.Zia = value;
            }
        }
    }

    public static ScimConnection? Scim
    {
        get => Current?.Scim;
        set
        {
            if (Current is { } defaults)
            {
                defaults.Scim = value;
            }
        }
    }

    /// <summary>The defaults of the calling cmdlet's runspace, created in its global scope if it has none.</summary>
    public static Defaults For(SessionState state)
    {
        if (Runspace.DefaultRunspace is { } runspace)
        {
            States.GetValue(runspace, _ => state);
        }
        if (state.PSVariable.GetValue("global:" + VariableName) is Defaults existing)
        {
            return existing;
        }
        Defaults created = new();
        state.PSVariable.Set("global:" + VariableName, created);
        state.PSVariable.Get("global:" + VariableName).Description = "ZscalerScim: this runspace's current ZIA session and SCIM connection.";
        return created;
    }

    private static Defaults? Current =>
        Runspace.DefaultRunspace is { } runspace && States.TryGetValue(runspace, out SessionState state)
            ? state.PSVariable.GetValue("global:" + VariableName) as Defaults
            : null;

    internal sealed class Defaults
    {
        public ZiaSession? Zia { get; set; }

        public ScimConnection? Scim { get; set; }

        public override string ToString() => "ZscalerScim defaults";
    }
}
