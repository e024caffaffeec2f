namespace Frontier.Runtime;

/// <summary>Exponential backoff with ±20 % jitter, capped; not thread-safe (one per loop).</summary>
/// <param name="initial">The first delay.</param>
/// <param name="max">The largest delay.</param>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    /// <summary>The delay before the next attempt; each call doubles the base delay, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var baseDelay = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jittered = baseDelay * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }

    /// <summary>Starts again from the initial delay after a success.</summary>
    public void Reset() => _failures = 0;
}
