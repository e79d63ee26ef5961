using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

/// <summary>
/// Tab completion of SCIM user and group names over the runspace's (or -Connection's) SCIM connection. What was typed
/// goes to the server as a prefix filter (sw), for at most <see cref="Most"/> names. A server that refuses sw (Zscaler's
/// filters know only eq) is remembered, and its first <see cref="FirstMost"/> names, read once a minute, are matched
/// here instead. Silent and at once without a connection, on any failure, or past <see cref="Completion.Patience"/>.
/// </summary>
internal abstract class ScimNameCompleter : IArgumentCompleter
{
    private const int Most = 50, FirstMost = 1000;
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private static readonly ConditionalWeakTable<ScimConnection, ConcurrentDictionary<bool, Known>> Cache = new();

    private readonly bool _groups;

    protected ScimNameCompleter(bool groups) => _groups = groups;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ScimConnection? connection = Completion.Bound(fakeBoundParameters, "Connection") as ScimConnection ?? SessionStore.Scim;
        if (connection is null || !connection.IsConnected)
        {
            return Array.Empty<CompletionResult>();
        }
        string typed = Completion.Typed(wordToComplete);
        Known known = Cache.GetOrCreateValue(connection).GetOrAdd(_groups, _ => new Known());
        bool local = typed.Length == 0 || known.PrefixRefused;
        if (local && known.First is { } first && DateTime.UtcNow - known.At < Fresh)
        {
            return Completion.Matching(first, wordToComplete);
        }
        IReadOnlyList<string>? names = Completion.Within<IReadOnlyList<string>>(async (log, cancel) =>
        {
            List<string> read = new();
            if (!local)
            {
                try
                {
                    await ScimNames.StartingWithAsync(connection, _groups, typed, Most, read.Add, log, cancel).ConfigureAwait(false);
                    return read;
                }
                catch (ZiaException ex) when (ex.ErrorId == "ScimInvalidFilter" || ex.StatusCode is 400 or 501)
                {
                    known.PrefixRefused = true;
                    read.Clear();
                }
            }
            await ScimNames.FirstAsync(connection, _groups, FirstMost, read.Add, log, cancel).ConfigureAwait(false);
            known.First = read;
            known.At = DateTime.UtcNow;
            return read;
        });
        return names is null ? Array.Empty<CompletionResult>() : Completion.Matching(names, wordToComplete);
    }

    private sealed class Known
    {
        public bool PrefixRefused { get; set; }

        public IReadOnlyList<string>? First { get; set; }

        public DateTime At { get; set; }
    }
}

/// <summary>SCIM userNames, for -UserName and -Member.</summary>
internal sealed class ScimUserNameCompleter : ScimNameCompleter
{
    public ScimUserNameCompleter()
        : base(groups: false)
    {
    }
}

/// <summary>SCIM group displayNames, for -DisplayName and -Group.</summary>
internal sealed class ScimGroupNameCompleter : ScimNameCompleter
{
    public ScimGroupNameCompleter()
        : base(groups: true)
    {
    }
}
