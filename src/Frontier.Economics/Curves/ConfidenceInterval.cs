namespace Frontier.Economics.Curves;

/// <summary>A point estimate with a two-sided interval.</summary>
/// <param name="Estimate">The estimate (mean of the samples).</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
/// <param name="Level">Coverage, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Estimate, double Low, double High, double Level);
