using System.Diagnostics;

namespace Frontier.Testing;

/// <summary>Polls a probe until its value satisfies a condition or a deadline passes; the failure names what was awaited.</summary>
public static class Poll
{
    /// <summary>The pause between probes unless the caller names another.</summary>
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(250);

    /// <param name="probe">Reads the current value; an exception counts as "not yet" and is reported if the deadline passes.</param>
    /// <param name="done">Whether the value is the one awaited.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="diagnostics">Extra text for the failure message (logs, the last object as JSON), evaluated only on failure.</param>
    /// <param name="describe">How to print the last value in the failure message; ToString() by default.</param>
    /// <param name="every">Pause between probes; <see cref="DefaultEvery"/> by default.</param>
    /// <returns>The first value that satisfied <paramref name="done"/>.</returns>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T?>> probe,
        Func<T?, bool> done,
        TimeSpan timeout,
        string what,
        Func<string>? diagnostics = null,
        Func<T?, string>? describe = null,
        TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? error = null;
        while (true)
        {
            try
            {
                last = await probe();
                error = null;
                if (done(last)) return last!;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e;
            }
            if (clock.Elapsed >= timeout) break;
            await Task.Delay(every ?? DefaultEvery);
        }
        var shown = describe is not null ? describe(last) : last?.ToString() ?? "(none)";
        throw new TimeoutException(
            $"timed out after {timeout.TotalSeconds:0} s waiting for {what}\nlast value: {shown}\nlast error: {error?.Message ?? "(none)"}\n{diagnostics?.Invoke()}");
    }

    /// <summary>The pause between checks of an in-memory condition (cheap to read, so read often).</summary>
    public static readonly TimeSpan ConditionEvery = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until an in-memory condition holds; fails the test (TimeoutException) naming what was awaited.</summary>
    /// <param name="condition">Read every <see cref="ConditionEvery"/>.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">How long to keep trying; 10 s by default.</param>
    public static Task UntilTrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), held => held, timeout ?? TimeSpan.FromSeconds(10), what, every: ConditionEvery);
    }
}
