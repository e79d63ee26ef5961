using System;
using System.Collections.Concurrent;
using System.Management.Automation;

namespace ZscalerScim.Internal;

/// <summary>
/// Messages from work running off the pipeline thread, queued so that the cmdlet writes them on the
/// pipeline thread (PowerShell allows Write* calls only there).
/// </summary>
internal sealed class OperationLog : IDisposable
{
    private readonly BlockingCollection<Action<Cmdlet>> _queue = new();

    /// <param name="debug">The cmdlet shows Debug messages; otherwise they are not even built (a redacted page of users is costly).</param>
    public OperationLog(bool debug = false) => DebugEnabled = debug;

    public bool DebugEnabled { get; }

    // Every line is cleared of the secrets the module holds, whatever a server echoed into it.
    public void Verbose(string text)
    {
        string said = SecretValues.Redact(text);
        Add(c => c.WriteVerbose(said));
    }

    /// <summary>Builds the message only when the cmdlet shows Debug messages.</summary>
    public void Debug(Func<string> text)
    {
        if (DebugEnabled)
        {
            string built = SecretValues.Redact(text());
            Add(c => c.WriteDebug(built));
        }
    }

    public void Progress(ProgressRecord record) => Add(c => c.WriteProgress(record));

    public void Add(Action<Cmdlet> write)
    {
        try
        {
            _queue.Add(write);
        }
        catch (InvalidOperationException)
        {
            // Completed: the cmdlet stopped listening (the work outlived a Ctrl+C). Nothing to write to.
        }
    }

    public void Complete() => _queue.CompleteAdding();

    /// <summary>Writes queued messages on the calling (pipeline) thread until Complete is called.</summary>
    public void Pump(Cmdlet cmdlet)
    {
        foreach (Action<Cmdlet> write in _queue.GetConsumingEnumerable())
        {
            write(cmdlet);
        }
    }

    public void Dispose() => _queue.Dispose();
}
