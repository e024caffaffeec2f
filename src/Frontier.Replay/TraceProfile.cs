using Frontier.Traces;

namespace Frontier.Replay;

/// <summary>What one pass over a stream of arrivals learns: counts per bucket of time, the length and mean output tokens.</summary>
internal sealed class TraceProfile
{
    private readonly List<int> _counts = [];

    private TraceProfile(double bucketSeconds) => BucketSeconds = bucketSeconds;

    /// <summary>Width of a bucket.</summary>
    public double BucketSeconds { get; }

    /// <summary>Requests.</summary>
    public long Requests { get; private set; }

    /// <summary>Arrival of the last request (the first is at 0).</summary>
    public double DurationSeconds { get; private set; }

    /// <summary>Mean generated tokens per request (at least 1).</summary>
    public double MeanOutputTokens { get; private set; }

    /// <summary>Arrivals per bucket.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Mean rate over the whole trace (requests/s).</summary>
    public double MeanRequestsPerSecond => Requests / Math.Max(DurationSeconds, BucketSeconds);

    /// <summary>The busiest bucket's rate (requests/s).</summary>
    public double PeakRequestsPerSecond => _counts.Count == 0 ? 0 : _counts.Max() / BucketSeconds;

    /// <summary>The rate in bucket <paramref name="index"/> (0 past the end).</summary>
    public double RateOf(int index) => index < _counts.Count ? _counts[index] / BucketSeconds : 0;

    /// <summary>Reads the whole stream once.</summary>
    public static TraceProfile Of(IEnumerable<TraceRequest> arrivals, double bucketSeconds)
    {
        var profile = new TraceProfile(bucketSeconds);
        var tokens = 0.0;
        foreach (var r in arrivals)
        {
            var bucket = (int)(r.ArrivalSeconds / bucketSeconds);
            while (profile._counts.Count <= bucket) profile._counts.Add(0);
            profile._counts[bucket]++;
            profile.Requests++;
            profile.DurationSeconds = r.ArrivalSeconds;
            tokens += r.OutputTokens;
        }
        profile.MeanOutputTokens = profile.Requests == 0 ? 1 : Math.Max(1, tokens / profile.Requests);
        return profile;
    }
}
