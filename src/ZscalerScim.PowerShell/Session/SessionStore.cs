using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZscalerScim.Session;

/// <summary>
/// The default session of each runspace. Keyed by runspace, never process-wide: parallel runspaces
/// (ForEach-Object -Parallel, thread jobs, runbooks) connected to different tenants never see each other.
/// </summary>
internal static class SessionStore
{
    private static readonly ConditionalWeakTable<Runspace, Defaults> ByRunspace = new();

    public static ZiaSession? Zia
    {
        get => Current?.Zia;
        set => For(Runspace.DefaultRunspace).Zia = value;
    }

    public static ScimConnection? Scim
    {
        get => Current?.Scim;
        set => For(Runspace.DefaultRunspace).Scim = value;
    }

    private static Defaults? Current =>
        Runspace.DefaultRunspace is { } runspace && ByRunspace.TryGetValue(runspace, out Defaults defaults) ? defaults : null;

    private static Defaults For(Runspace runspace) => ByRunspace.GetValue(runspace, _ => new Defaults());

    private sealed class Defaults
    {
        public ZiaSession? Zia { get; set; }

        public ScimConnection? Scim { get; set; }
    }
}
