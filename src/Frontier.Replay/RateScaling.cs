using Frontier.Traces;

namespace Frontier.Replay;

/// <summary>
/// Scales a trace's arrival rate without changing its length or shape: each request is kept ⌊x⌋ or ⌈x⌉ times
/// (so below 1 it is thinned), the original at its own arrival and the extra copies spread uniformly up to the next
/// request's arrival. Streams with a lookahead of one request; the same seed gives the same arrivals.
/// </summary>
public static class RateScaling
{
    /// <summary>The scaled arrivals of <paramref name="source"/>, in arrival order.</summary>
    public static IEnumerable<TraceRequest> Scale(IEnumerable<TraceRequest> source, double scale, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be > 0");
        return ScaleCore(source, scale, seed);
    }

    private static IEnumerable<TraceRequest> ScaleCore(IEnumerable<TraceRequest> source, double scale, int seed)
    {
        var random = new Random(seed);
        var whole = (int)Math.Floor(scale);
        var fraction = scale - whole;
        var offsets = new List<double>();
        TraceRequest? held = null;
        foreach (var next in source)
        {
            if (held is { } r)
                foreach (var copy in Copies(r, next.ArrivalSeconds - r.ArrivalSeconds)) yield return copy;
            held = next;
        }
        if (held is { } last)
            foreach (var copy in Copies(last, 0)) yield return copy;

        IEnumerable<TraceRequest> Copies(TraceRequest r, double gap)
        {
            var count = whole + (random.NextDouble() < fraction ? 1 : 0);
            if (count == 0) yield break;
            yield return r;
            if (count == 1) yield break;
            offsets.Clear();
            for (var k = 1; k < count; k++) offsets.Add(random.NextDouble() * gap);
            offsets.Sort();
            foreach (var offset in offsets) yield return r with { ArrivalSeconds = r.ArrivalSeconds + offset };
        }
    }
}
