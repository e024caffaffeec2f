namespace Frontier.Economics.Curves;

/// <summary>
/// How a model performs in production compared with its benchmark: the measured throughput of one
/// replica at its observed concurrency, divided by what the offline curve predicts there. Planning
/// scales the curve's throughput by this factor, so capacity follows what the servers really do.
/// </summary>
public static class LiveCalibration
{
    /// <summary>Factors outside [1/MaxCorrection, MaxCorrection] are clamped: a live figure that far off is more likely noise or a transient than a new truth.</summary>
    public const double MaxCorrection = 2.0;

    /// <summary>
    /// The throughput factor for one replica observed at <paramref name="concurrencyPerReplica"/> requests in
    /// flight serving <paramref name="requestsPerSecondPerReplica"/>; null when the observation is too thin to
    /// say anything (less than one request in flight, or no throughput).
    /// </summary>
    public static double? Factor(ProductionCurve curve, double concurrencyPerReplica, double requestsPerSecondPerReplica)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(concurrencyPerReplica >= 1) || !(requestsPerSecondPerReplica > 0) || !double.IsFinite(requestsPerSecondPerReplica)) return null;
        var predicted = curve.RequestsPerSecondAt(concurrencyPerReplica);
        return Math.Clamp(requestsPerSecondPerReplica / predicted, 1 / MaxCorrection, MaxCorrection);
    }
}
