using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace ZscalerScim.Internal;

/// <summary>
/// Messages from work running off the pipeline thread, queued so that the cmdlet writes them on the
/// pipeline thread (PowerShell allows Write* calls only there).
/// </summary>
internal sealed class OperationLog : IDisposable
{
    // A plain queue under a monitor: the pipeline thread sleeps until a message comes. BlockingCollection's wait
    // spins first, and at a few messages a second those spins cost more CPU than the messages.
    private readonly Queue<Action<Cmdlet>> _queue = new();
    private bool _completed;

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
        lock (_queue)
        {
            // Completed: the cmdlet stopped listening (the work outlived a Ctrl+C). Nothing to write to.
            if (_completed)
            {
                return;
            }
            _queue.Enqueue(write);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queue);
            }
        }
    }

    public void Complete()
    {
        lock (_queue)
        {
            _completed = true;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>Writes queued messages on the calling (pipeline) thread until Complete is called.</summary>
    public void Pump(Cmdlet cmdlet)
    {
        while (true)
        {
            Action<Cmdlet>[] ready;
            lock (_queue)
            {
                while (_queue.Count == 0 && !_completed)
                {
                    Monitor.Wait(_queue);
                }
                if (_queue.Count == 0)
                {
                    return;
                }
                ready = _queue.ToArray();
                _queue.Clear();
            }
            foreach (Action<Cmdlet> write in ready)
            {
                write(cmdlet);
            }
        }
    }

    public void Dispose()
    {
    }
}
