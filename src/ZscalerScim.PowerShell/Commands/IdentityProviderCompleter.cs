using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using ZscalerScim.Connections;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>
/// Tab completion of identity-provider names from the current (or -Session's) session: quoted when they hold spaces,
/// cached for a minute, and silent and at once when there is no session or the portal does not answer in time.
/// </summary>
internal sealed class IdentityProviderCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private static readonly ConditionalWeakTable<ZiaSession, Names> Cache = new();

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ZiaSession? session = Completion.Bound(fakeBoundParameters, "Session") as ZiaSession ?? SessionStore.Zia;
        if (session is null || !session.IsConnected || session.Portal is null)
        {
            return Array.Empty<CompletionResult>();
        }
        return Completion.Matching(NamesOf(session), wordToComplete);
    }

    private static IReadOnlyList<string> NamesOf(ZiaSession session)
    {
        Names cached = Cache.GetOrCreateValue(session);
        if (cached.List is { } list && DateTime.UtcNow - cached.At < Fresh)
        {
            return list;
        }
        IReadOnlyList<ZiaIdentityProvider>? read = Completion.Within((log, cancel) => IdentityProviders.ListAsync(session, log, cancel));
        if (read is null)
        {
            return Array.Empty<string>();
        }
        cached.List = read.Select(i => i.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
        cached.At = DateTime.UtcNow;
        return cached.List;
    }

    private sealed class Names
    {
        public IReadOnlyList<string>? List { get; set; }

        public DateTime At { get; set; }
    }
}
