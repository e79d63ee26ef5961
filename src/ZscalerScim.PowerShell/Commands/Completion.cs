using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>What every tab completer of the module shares: a short deadline, no errors, names quoted where PowerShell needs it.</summary>
internal static class Completion
{
    /// <summary>How long a completer waits for a service: past it, no names is the answer.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <summary>A parameter already typed on the command line, as its object.</summary>
    public static object? Bound(IDictionary fakeBoundParameters, string name) =>
        fakeBoundParameters[name] is PSObject ps ? ps.BaseObject : fakeBoundParameters[name];

    /// <summary>The word typed so far, without its quotes.</summary>
    public static string Typed(string wordToComplete) => wordToComplete.Trim('\'', '"');

    /// <summary>The names that start with what was typed, once each, sorted.</summary>
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete)
    {
        string typed = Typed(wordToComplete);
        return names
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n));
    }

    /// <summary>
    /// A read with a deadline: its answer, or null when it failed or did not answer within <see cref="Patience"/>
    /// (a completer never throws and never holds the prompt). Its messages go nowhere.
    /// </summary>
    public static T? Within<T>(Func<OperationLog, CancellationToken, Task<T>> read) where T : class
    {
        CancellationTokenSource limit = new(Patience);
        OperationLog log = new();
        Task<T> task = Task.Run(() => read(log, limit.Token));
        // Released when the read ends, which the deadline's cancellation brings about even after a timeout.
        task.ContinueWith(_ =>
        {
            log.Dispose();
            limit.Dispose();
        }, TaskScheduler.Default);
        try
        {
            return task.Wait(Patience) ? task.Result : null;
        }
        catch (AggregateException)
        {
            // Completion never writes an error: no names is the answer.
            return null;
        }
    }

    // '@', '#' and '-' mean something only at the start of a word: user@domain needs no quotes.
    private static string Quote(string name) =>
        name.Length == 0 || name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '[', ']', '*', '?', ';', '(', ')', '{', '}', ',', '&', '|', '<', '>' }) >= 0 || "@#-".IndexOf(name[0]) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;
}
