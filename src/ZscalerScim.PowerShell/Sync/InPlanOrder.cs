using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.Sync;

/// <summary>
/// Hands on the results of writes that finish in any order (several are in flight at once) in plan order, and keeps
/// the progress bar: the time the plan takes before the first write, then the time left at the pace so far.
/// </summary>
/// <typeparam name="T">A step's result.</typeparam>
internal sealed class InPlanOrder<T>
{
    private readonly object _gate = new();
    private readonly Action<T> _done;
    private readonly OperationLog _log;
    private readonly ProgressRecord _progress;
    private readonly int _total;
    // Results that finished ahead of an earlier step, by plan position, until it is their turn.
    private readonly Dictionary<int, T> _early = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _next;
    private int _finished;

    /// <param name="activity">The progress bar's title: the command that runs the sync.</param>
    /// <param name="done">Called once per step, in plan order, from worker threads, one call at a time.</param>
    public InPlanOrder(int total, string activity, Uri baseUrl, OperationLog log, Action<T> done)
    {
        _total = total;
        _log = log;
        _done = done;
        _progress = new ProgressRecord(2, activity, $"Writing {total} change(s) to {baseUrl}");
    }

    /// <summary>Before the first write, the bar shows the time the plan takes at the connection's rate.</summary>
    public void Start(SyncEstimate estimate) =>
        _log.Progress(new ProgressRecord(_progress.ActivityId, _progress.Activity, $"0 of {_total} written; {estimate}")
        {
            PercentComplete = 0,
            SecondsRemaining = (int)Math.Ceiling(estimate.Duration.TotalSeconds),
        });

    /// <summary>The step at plan position <paramref name="index"/> has finished.</summary>
    public void Finish(int index, T result)
    {
        lock (_gate)
        {
            _early[index] = result;
            while (_early.TryGetValue(_next, out T ready))
            {
                _early.Remove(_next);
                _next++;
                _done(ready);
            }
            _finished++;
            int percent = Math.Min(100, _finished * 100 / Math.Max(1, _total));
            // Once a percent, not once a step: 100,000 progress records cost more than the writes they report.
            if (percent != _progress.PercentComplete || _finished == _total)
            {
                // The pace so far is the throttle's pace: the rest takes as long again per step.
                int remaining = (int)Math.Ceiling(_watch.Elapsed.TotalSeconds / _finished * (_total - _finished));
                _log.Progress(new ProgressRecord(_progress.ActivityId, _progress.Activity, $"{_finished} of {_total} written")
                {
                    PercentComplete = percent,
                    SecondsRemaining = _finished == _total ? 0 : remaining,
                });
                _progress.PercentComplete = percent;
            }
        }
    }

    /// <summary>Stopped (Ctrl+C): what was done ahead of a step that never finished is still reported, in plan order.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (int index in _early.Keys.OrderBy(i => i).ToList())
            {
                _done(_early[index]);
            }
            _early.Clear();
        }
    }

    public void Complete()
    {
        _progress.RecordType = ProgressRecordType.Completed;
        _log.Progress(_progress);
    }
}
