namespace Frontier.Operator.Demand;

/// <summary>What Prometheus says about one route right now.</summary>
/// <param name="Available">False when Prometheus could not be asked or answered with an error.</param>
/// <param name="Problem">Why not available, for the MetricsAvailable condition.</param>
/// <param name="DemandRequestsPerSecond">Observed demand, or null when no source had it.</param>
/// <param name="DemandSource">"gateway" or "vllm" when observed.</param>
internal sealed record RouteMetrics(
    bool Available,
    string? Problem,
    double? DemandRequestsPerSecond,
    string? DemandSource)
{
    /// <summary>Per GpuProfile name, the mean DCGM power draw per GPU (kW) over the pods of the candidates running on
    /// it; a profile is absent when none of its pods was measured.</summary>
    public IReadOnlyDictionary<string, double> PowerKwPerGpu { get; init; } = new Dictionary<string, double>();

    /// <summary>Per candidate name, vLLM's requests in flight and completed requests per second, summed over its replicas.</summary>
    public IReadOnlyDictionary<string, (double Running, double RequestsPerSecond)> Live { get; init; } =
        new Dictionary<string, (double, double)>();

    public static RouteMetrics Unavailable(string problem) => new(false, problem, null, null);
}
