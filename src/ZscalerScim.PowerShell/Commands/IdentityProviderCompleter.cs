using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>
/// Tab completion of identity-provider names from the current (or -Session's) session: quoted when they hold spaces,
/// cached for a minute, and silent and at once when there is no session or the portal does not answer in time.
/// </summary>
internal sealed class IdentityProviderCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    private static readonly ConditionalWeakTable<ZiaSession, Names> Cache = new();

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ZiaSession? session = (fakeBoundParameters["Session"] is PSObject ps ? ps.BaseObject : fakeBoundParameters["Session"]) as ZiaSession ?? SessionStore.Zia;
        if (session is null || !session.IsConnected || session.Portal is null)
        {
            return Array.Empty<CompletionResult>();
        }
        string typed = wordToComplete.Trim('\'', '"');
        return NamesOf(session)
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n));
    }

    private static IReadOnlyList<string> NamesOf(ZiaSession session)
    {
        Names cached = Cache.GetOrCreateValue(session);
        if (cached.List is { } list && DateTime.UtcNow - cached.At < Fresh)
        {
            return list;
        }
        using CancellationTokenSource limit = new(Patience);
        using OperationLog log = new();
        try
        {
            Task<IReadOnlyList<ZiaIdentityProvider>> read = Task.Run(() => IdentityProviders.ListAsync(session, log, limit.Token));
            if (!read.Wait(Patience))
            {
                return Array.Empty<string>();
            }
            cached.List = read.Result.Select(i => i.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
            cached.At = DateTime.UtcNow;
            return cached.List;
        }
        catch (AggregateException)
        {
            // Completion never writes an error: no names is the answer.
            return Array.Empty<string>();
        }
    }

    private static string Quote(string name) =>
        name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '[', ']', '*', '?', ';', '(', ')', '{', '}', ',', '&', '|', '@', '#' }) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;

    private sealed class Names
    {
        public IReadOnlyList<string>? List { get; set; }

        public DateTime At { get; set; }
    }
}
