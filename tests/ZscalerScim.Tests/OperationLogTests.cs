using System.Diagnostics;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// Timed waits while a cmdlet pumps its messages: the pipeline thread wakes them (no thread-pool thread is woken to
/// spin), they never end early, a cancelled one ends at once, and one left when the pump ends still ends.
/// </summary>
public class OperationLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task Ends(Task task)
    {
        Assert.Same(task, await Task.WhenAny(task, Task.Delay(Patience)));
        await task;
    }

    // Pumps on a thread of its own, as a cmdlet's pipeline thread does; returns once the pump runs.
    private static Thread Pumping(OperationLog log)
    {
        using ManualResetEventSlim started = new();
        Thread thread = new(() => log.Pump(null!)) { IsBackground = true };
        thread.Start();
        log.Add(_ => started.Set());
        Assert.True(started.Wait(Patience));
        return thread;
    }

    [Fact]
    public async Task ATimedWaitIsWokenByThePumpingThreadAndNeverEarly()
    {
        using OperationLog log = new();
        Thread pump = Pumping(log);
        Thread? wokenOn = null;
        Stopwatch watch = Stopwatch.StartNew();
        Task woken = log.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None)
            .ContinueWith(_ => wokenOn = Thread.CurrentThread, TaskContinuationOptions.ExecuteSynchronously);
        await Ends(woken);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(50), $"woken after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Same(pump, wokenOn);
        log.Complete();
        Assert.True(pump.Join(Patience));
    }

    [Fact]
    public async Task ADueWaitIsWokenBetweenTheMessagesOfALongBatch()
    {
        using OperationLog log = new();
        Thread pump = Pumping(log);
        using ManualResetEventSlim gate = new();
        List<string> events = new();
        log.Add(_ => gate.Wait(Patience));
        // Queued while the pump is held: written as one batch, the first taking longer than the wait.
        log.Add(_ => Thread.Sleep(300));
        log.Add(_ =>
        {
            lock (events)
            {
                events.Add("second message");
            }
        });
        Task woken = log.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ContinueWith(_ =>
        {
            lock (events)
            {
                events.Add("wait");
            }
        }, TaskContinuationOptions.ExecuteSynchronously);
        gate.Set();
        await Ends(woken);
        log.Complete();
        Assert.True(pump.Join(Patience));
        Assert.Equal(new[] { "wait", "second message" }, events);
    }

    [Fact]
    public void ACancelledTimedWaitEndsAtOnce()
    {
        using OperationLog log = new();
        Thread pump = Pumping(log);
        using CancellationTokenSource cancel = new();
        Task wait = log.Delay(TimeSpan.FromSeconds(30), cancel.Token);
        cancel.Cancel();
        Assert.True(wait.IsCanceled);
        log.Complete();
        Assert.True(pump.Join(Patience));
    }

    [Fact]
    public async Task ATimedWaitLeftWhenThePumpEndsStillEnds()
    {
        using OperationLog log = new();
        Thread pump = Pumping(log);
        Stopwatch watch = Stopwatch.StartNew();
        Task wait = log.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        log.Complete();
        Assert.True(pump.Join(Patience));
        await Ends(wait);
        // Handed to a timer when the pump ended: still not before it was due.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(100), $"ended after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task WithoutAPumpATimedWaitIsATimer()
    {
        using OperationLog log = new();
        await Ends(log.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None));
    }

    [Fact]
    public async Task ASendingThrottleLetsCallersThroughInTheOrderTheyCameAndSkipsOneThatLeft()
    {
        // 5 a second: one send every 200 ms, so all but the first wait, and the third caller (who leaves at once) is
        // not due for 400 ms.
        RequestThrottle throttle = RequestThrottle.Sending(new Dictionary<string, RateLimit[]> { ["SCIM"] = new[] { new RateLimit(5, TimeSpan.FromSeconds(1)) } });
        using OperationLog log = new();
        Thread pump = Pumping(log);
        using CancellationTokenSource leaves = new();
        List<int> order = new();
        List<Task> callers = new();
        for (int i = 0; i < 6; i++)
        {
            int caller = i;
            callers.Add(throttle.AcquireAsync(new[] { "SCIM" }, log, caller == 2 ? leaves.Token : CancellationToken.None)
                .ContinueWith(t =>
                {
                    if (t.Status == TaskStatus.RanToCompletion)
                    {
                        lock (order)
                        {
                            order.Add(caller);
                        }
                    }
                }, TaskContinuationOptions.ExecuteSynchronously));
        }
        leaves.Cancel();
        await Ends(Task.WhenAll(callers));
        Assert.Equal(new[] { 0, 1, 3, 4, 5 }, order);
        log.Complete();
        Assert.True(pump.Join(Patience));
    }
}
