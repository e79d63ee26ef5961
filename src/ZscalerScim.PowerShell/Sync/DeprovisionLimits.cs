using System;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.Sync;

/// <summary>How many users or groups one run may disable or delete for being absent from the input (-DeprovisionLimit), and the refusal beyond it.</summary>
internal static class DeprovisionLimits
{
    private const int Minimum = 10;
    private const int Percent = 5;

    /// <summary>
    /// Without -DeprovisionLimit: the larger of 10 and 5% of what the server holds, so that neither a small tenant nor
    /// a large one loses more than a normal night's leavers to an input that was cut short.
    /// </summary>
    public static int Default(int onServer) => Math.Max(Minimum, onServer * Percent / 100);

    /// <summary>The limit of a run: the one given explicitly, else the default.</summary>
    public static int Of(int? given, int onServer) => given ?? Default(onServer);

    /// <summary>
    /// The refusal when more would go than the limit: none of them goes, the other changes do, and the message says how
    /// to allow it.
    /// </summary>
    /// <param name="noun">"user" or "group".</param>
    public static ZiaException Exceeded(ScimDeprovisionMode mode, string noun, int wouldGo, int limit, bool given, int onServer, object target)
    {
        string verb = mode == ScimDeprovisionMode.Delete ? "delete" : "disable";
        string allowed = given ? $"-DeprovisionLimit {limit}" : $"the limit of {limit} (by default the larger of {Minimum} and {Percent}% of the {onServer} {noun}s on the server)";
        return new ZiaException("ScimDeprovisionLimitExceeded", ErrorCategory.LimitsExceeded,
            $"-Deprovision {mode} would {verb} {wouldGo} {noun}(s) that are not in the input, more than {allowed}, so no {noun} was {verb}d for being absent; the other changes go ahead. " +
            $"Check that the input is complete. If these {noun}s are really gone from the source, run again with -DeprovisionLimit {wouldGo}.", target);
    }
}
