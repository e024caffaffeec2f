namespace Frontier.Bench;

/// <summary>How one concurrency level runs.</summary>
/// <param name="Concurrency">Requests kept in flight (closed loop: each completion sends the next).</param>
/// <param name="WarmupRequests">Completions before measuring starts; not counted.</param>
/// <param name="MeasuredRequests">Completions to measure (null with <paramref name="MeasuredSeconds"/>).</param>
/// <param name="MeasuredSeconds">Or: seconds to measure for.</param>
public sealed record LevelPlan(int Concurrency, int WarmupRequests, int? MeasuredRequests, double? MeasuredSeconds)
{
    /// <summary>The plan, checked: concurrency ≥ 1, warm-up ≥ 0, and exactly one of a request count ≥ 1 or seconds &gt; 0.</summary>
    public static LevelPlan Create(int concurrency, int warmupRequests, int? measuredRequests, double? measuredSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRequests);
        if ((measuredRequests is null) == (measuredSeconds is null)) throw new ArgumentException("give either a request count or a duration");
        if (measuredRequests is < 1) throw new ArgumentOutOfRangeException(nameof(measuredRequests), measuredRequests, "must be ≥ 1");
        if (measuredSeconds is { } s && !(s > 0)) throw new ArgumentOutOfRangeException(nameof(measuredSeconds), s, "must be > 0");
        return new LevelPlan(concurrency, warmupRequests, measuredRequests, measuredSeconds);
    }
}
