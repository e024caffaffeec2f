using System.Collections.Concurrent;
using Frontier.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Runtime.Tests;

public sealed class WorkQueueTests
{
    private static async Task<string> TakeAsync(WorkQueue<string> queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var (key, ok) = await queue.GetAsync(timeout.Token);
        Assert.True(ok);
        return key;
    }

    [Fact]
    public async Task A_key_added_many_times_is_queued_once_in_fifo_order()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await TakeAsync(queue));
        Assert.Equal("b", await TakeAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_not_handed_out_until_Done_and_then_once()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        Assert.Equal("a", await TakeAsync(queue));

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count); // not handed to a second worker while the first processes it
        var second = queue.GetAsync().AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        queue.Done("a");
        var (key, ok) = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("a", true), (key, ok));
        queue.Done("a");
        Assert.Equal(0, queue.Count); // re-run once, not twice
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_requeue()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        await TakeAsync(queue);
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Concurrent_workers_never_process_the_same_key_at_once()
    {
        var queue = new WorkQueue<int>();
        var inFlight = new ConcurrentDictionary<int, int>();
        var processed = 0;
        var overlaps = 0;
        using var stop = new CancellationTokenSource();

        async Task Worker()
        {
            while (true)
            {
                var (key, ok) = await queue.GetAsync();
                if (!ok)
                {
                    return;
                }

                if (!inFlight.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                if (key % 2 == 0)
                {
                    queue.Add(key); // re-added while processing
                }

                inFlight.TryRemove(key, out _);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToList();
        for (var i = 0; i < 2000; i++)
        {
            queue.Add(i % 5);
        }

        await Poll.UntilTrueAsync(() => Volatile.Read(ref processed) > 500, "work processed");
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task AddAfter_hands_the_key_out_only_when_the_delay_has_passed()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await TakeAsync(queue));
    }

    [Fact]
    public void AddAfter_keeps_the_earliest_time_for_a_key()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, queue.Count); // no second copy from the later timers
    }

    [Fact]
    public void AddAfter_with_no_delay_adds_now()
    {
        var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.AddAfter("a", TimeSpan.Zero);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_backs_off_exponentially_per_key_and_Forget_resets()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);

        async Task ExpectDelay(double milliseconds)
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromMilliseconds(milliseconds - 1));
            Assert.Equal(0, queue.Count);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Count);
            await TakeAsync(queue);
            queue.Done("a");
        }

        await ExpectDelay(5);
        await ExpectDelay(10);
        await ExpectDelay(20);
        await ExpectDelay(40);
        Assert.Equal(4, queue.Requeues("a"));
        Assert.Equal(0, queue.Requeues("b"));

        queue.Forget("a");
        Assert.Equal(0, queue.Requeues("a"));
        await ExpectDelay(5);
    }

    [Fact]
    public async Task Backoff_is_capped_at_five_minutes()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        for (var i = 0; i < 40; i++)
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromMinutes(6));
            await TakeAsync(queue);
            queue.Done("a");
        }

        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Backoff_of_one_key_does_not_affect_another()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(5));
        await TakeAsync(queue);
        queue.Done("a");
        queue.AddRateLimited("a"); // 10 ms
        queue.AddRateLimited("b"); // 5 ms
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal("b", await TakeAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ShutDown_wakes_waiting_workers_and_stops_handing_out_keys()
    {
        var queue = new WorkQueue<string>();
        var waiting = queue.GetAsync().AsTask();
        await Task.Delay(20);
        queue.ShutDown();
        var (_, ok) = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(ok);

        queue.Add("late");
        Assert.Equal(0, queue.Count);
        Assert.False((await queue.GetAsync()).Ok);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task Keys_still_queued_at_shutdown_are_not_handed_out()
    {
        var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.ShutDown();
        Assert.False((await queue.GetAsync()).Ok);
    }

    [Fact]
    public void Delayed_adds_are_dropped_at_shutdown()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_throws_when_its_token_is_cancelled()
    {
        var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.GetAsync(cts.Token));
        queue.Add("a");
        Assert.Equal("a", await TakeAsync(queue)); // the cancelled wait did not swallow the signal
    }
}
