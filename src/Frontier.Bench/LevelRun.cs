using System.Diagnostics;

namespace Frontier.Bench;

/// <summary>
/// The shared state of one level's workers: completions numbered as they happen, the measuring window (opened by the
/// warm-up's last completion, closed by the last measured one or the duration) and the measured samples.
/// </summary>
internal sealed class LevelRun
{
    private readonly LevelPlan _plan;
    private readonly Action? _measured;
    private readonly CancellationToken _interrupt;
    private readonly List<(long Order, RequestSample Sample)>[] _samples;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _completions;
    private long _nextItem = -1;
    private long _windowStart;
    private long _windowEnd;

    public LevelRun(LevelPlan plan, Action? measured, CancellationToken interrupt)
    {
        _plan = plan;
        _measured = measured;
        _interrupt = interrupt;
        _samples = [.. Enumerable.Range(0, plan.Concurrency).Select(_ => new List<(long, RequestSample)>())];
        Stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        if (plan.WarmupRequests == 0) OpenWindow(_started);
    }

    public CancellationTokenSource Stop { get; }

    public int NextItem(int count) => (int)(Interlocked.Increment(ref _nextItem) % count);

    /// <summary>Numbers a completion and keeps it when measured; false when the worker should stop.</summary>
    public bool Completed(int worker, RequestSample sample)
    {
        var now = Stopwatch.GetTimestamp();
        var order = Interlocked.Increment(ref _completions);
        var warmup = _plan.WarmupRequests;
        if (order == warmup) OpenWindow(now);
        if (order <= warmup) return true;
        if (order > warmup + _plan.MeasuredRequests) return false; // finished as the last measured one did: the drain
        // The worker that opens the window may not have stored its start yet (0): then the window has just opened.
        var opened = Volatile.Read(ref _windowStart);
        if (_plan.MeasuredSeconds is { } seconds && opened != 0 && LoadGenerator.Seconds(opened, now) > seconds)
        {
            Stop.Cancel();
            return false;
        }
        _samples[worker].Add((order, sample));
        _measured?.Invoke();
        if (order != warmup + _plan.MeasuredRequests) return true;
        Volatile.Write(ref _windowEnd, now);
        Stop.Cancel();
        return false;
    }

    public LevelResult Result()
    {
        var samples = _samples.SelectMany(s => s).OrderBy(s => s.Order).Select(s => s.Sample).ToList();
        var start = Volatile.Read(ref _windowStart);
        var end = Volatile.Read(ref _windowEnd);
        var complete = end != 0 || (_plan.MeasuredSeconds is not null && !_interrupt.IsCancellationRequested);
        if (start == 0) return new LevelResult(_plan.Concurrency, [], 0, false);
        var window = end != 0 ? LoadGenerator.Seconds(start, end)
            : complete ? _plan.MeasuredSeconds!.Value
            : LoadGenerator.Seconds(start, Stopwatch.GetTimestamp());
        Stop.Dispose();
        return new LevelResult(_plan.Concurrency, samples, window, complete);
    }

    private void OpenWindow(long now)
    {
        Volatile.Write(ref _windowStart, now);
        if (_plan.MeasuredSeconds is { } seconds) Stop.CancelAfter(TimeSpan.FromSeconds(seconds));
    }
}
