using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// How a sync keeps writes under way: never more at once than asked, started in the items' order, a failure that does
/// not stop the rest, and a cancellation that starts nothing more yet waits for what is under way.
/// </summary>
public class InFlightTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // The task, failing the test if it has not ended in time.
    private static async Task Within(Task task)
    {
        Assert.Same(task, await Task.WhenAny(task, Task.Delay(Patience)));
        await task;
    }

    [Fact]
    public async Task KeepsAtMostTheGivenNumberUnderWayAndStartsThemInOrder()
    {
        int running = 0, most = 0;
        List<int> started = new();
        await Within(InFlight.RunAsync(Enumerable.Range(0, 40), 3, async i =>
        {
            lock (started)
            {
                started.Add(i);
                most = Math.Max(most, ++running);
            }
            await Task.Delay(i % 3 == 0 ? 5 : 1);
            lock (started)
            {
                running--;
            }
        }, CancellationToken.None));
        Assert.Equal(3, most);
        Assert.Equal(Enumerable.Range(0, 40), started);
    }

    [Fact]
    public async Task AFailureDoesNotStopTheRestAndIsThrownAtTheEnd()
    {
        int done = 0;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Within(InFlight.RunAsync(Enumerable.Range(0, 20), 4, async i =>
        {
            await Task.Yield();
            if (i == 5)
            {
                throw new InvalidOperationException("item 5");
            }
            Interlocked.Increment(ref done);
        }, CancellationToken.None)));
        Assert.Equal("item 5", ex.Message);
        Assert.Equal(19, done);
    }

    [Fact]
    public async Task ACancellationStartsNothingMoreButWaitsForWhatIsUnderWay()
    {
        using CancellationTokenSource cancel = new();
        TaskCompletionSource<bool> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0, ended = 0;
        Task run = InFlight.RunAsync(Enumerable.Range(0, 100), 2, async i =>
        {
            Interlocked.Increment(ref started);
            await release.Task;
            Interlocked.Increment(ref ended);
        }, cancel.Token);
        Assert.Equal(2, started);
        cancel.Cancel();
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        release.SetResult(true);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Within(run));
        Assert.Equal(2, started);
        Assert.Equal(2, ended);
    }

    [Fact]
    public async Task AnItemsSourceThatThrowsEndsTheRunAfterWhatIsUnderWay()
    {
        static IEnumerable<int> Items()
        {
            yield return 1;
            yield return 2;
            throw new FormatException("bad row");
        }
        TaskCompletionSource<bool> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int ended = 0;
        Task run = InFlight.RunAsync(Items(), 4, async i =>
        {
            await release.Task;
            Interlocked.Increment(ref ended);
        }, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        release.SetResult(true);
        await Assert.ThrowsAsync<FormatException>(() => Within(run));
        Assert.Equal(2, ended);
    }
}
