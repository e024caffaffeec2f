namespace Frontier.Replay;

/// <summary>Percentiles of a latency without keeping the samples: log-spaced buckets 0.5% wide from 0.1 ms to 10⁴ s.</summary>
internal sealed class LatencyHistogram
{
    private const double Low = 1e-4;
    private static readonly double Step = Math.Log(1.005);
    private readonly long[] _buckets = new long[(int)Math.Ceiling(Math.Log(1e4 / Low) / Step) + 2];

    /// <summary>Samples recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Records one latency in seconds.</summary>
    public void Add(double seconds)
    {
        var i = seconds <= Low ? 0 : Math.Min(_buckets.Length - 1, 1 + (int)(Math.Log(seconds / Low) / Step));
        _buckets[i]++;
        Count++;
    }

    /// <summary>The <paramref name="q"/> quantile (0–1), as the upper edge of its bucket; 0 with no samples.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= Math.Max(1, rank)) return i == 0 ? Low : Low * Math.Exp(i * Step);
        }
        return Low * Math.Exp((_buckets.Length - 1) * Step);
    }
}
