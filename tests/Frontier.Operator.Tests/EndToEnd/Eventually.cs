using System.Diagnostics;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>Polls a condition until it holds or a deadline passes; the failure says what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, Func<T?, bool> done, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? error = null;
        while (clock.Elapsed < timeout)
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
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}; last value: {last}; last error: {error?.Message}\n{diagnostics?.Invoke()}");
    }
}
