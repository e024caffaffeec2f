namespace Frontier.Bench.Import;

/// <summary>A mean and percentiles in seconds; each null when the tool did not save it.</summary>
public sealed record ImportedFigures(double? Mean, double? P50, double? P90, double? P99)
{
    /// <summary>Nothing saved.</summary>
    public static ImportedFigures None { get; } = new(null, null, null, null);

    /// <summary>The same figures divided by 1000 (milliseconds to seconds).</summary>
    public ImportedFigures FromMilliseconds() => new(Mean / 1000, P50 / 1000, P90 / 1000, P99 / 1000);
}
