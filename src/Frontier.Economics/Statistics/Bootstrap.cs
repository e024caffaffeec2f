using Frontier.Economics.Curves;

namespace Frontier.Economics.Statistics;

/// <summary>Percentile bootstrap of a mean: the paper's "confidence intervals" future work.</summary>
public static class Bootstrap
{
    /// <summary>
    /// Interval for the mean of <paramref name="samples"/>, resampling with replacement.
    /// Randomness comes from <paramref name="random"/>, so a fixed seed gives a fixed answer.
    /// </summary>
    public static ConfidenceInterval MeanInterval(
        IReadOnlyList<double> samples, Random random, int resamples = 2000, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(random);
        if (samples.Count == 0) throw new ArgumentException("at least one sample is needed", nameof(samples));
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples));
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level));

        var mean = samples.Average();
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < samples.Count; i++) sum += samples[random.Next(samples.Count)];
            means[r] = sum / samples.Count;
        }
        Array.Sort(means);
        var alpha = (1 - level) / 2;
        return new ConfidenceInterval(mean, Quantile(means, alpha), Quantile(means, 1 - alpha), level);
    }

    private static double Quantile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
