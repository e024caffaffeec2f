using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Economics.Allocation;
using Frontier.Economics.Cost;
using Frontier.Economics.Curves;

namespace Frontier.Planning;

/// <summary>Turns validated resources into the economics library's records. No computation beyond unit mapping.</summary>
public static class EconomicsMapper
{
    /// <summary>TCO inputs of a profile, or null for a quoted price.</summary>
    public static TcoInputs? Tco(GpuProfileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Tco is not { } t ? null : new TcoInputs(
            Need(t.PurchasePrice), Need(t.DepreciationYears), Need(t.Utilization), Need(t.PowerKw),
            Need(t.Pue), Need(t.ElectricityPricePerKwh), Need(t.MaintenanceRate));
    }

    /// <summary>Hourly cost of one GPU of the profile.</summary>
    public static HourlyCost Hourly(GpuProfileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Tco(spec) is { } tco ? GpuCostModel.Hourly(tco) : HourlyCost.Flat(Need(spec.HourlyPrice));
    }

    /// <summary>The benchmark as economics input, priced with <paramref name="profile"/>.</summary>
    public static BenchmarkData ToBenchmarkData(ModelBenchmark benchmark, GpuProfile profile)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        ArgumentNullException.ThrowIfNull(profile);
        var spec = benchmark.Spec;
        var runs = (spec.Runs ?? []).Select(r => new BenchmarkRun(
            Need(r.Concurrency), Need(r.TotalSeconds), r.MeanTtftSeconds, r.MeanLatencySeconds, r.OutputTokens, Percentiles(r))).ToList();
        return new BenchmarkData(
            benchmark.Metadata.Name, spec.Model!, Need(spec.Benchmark?.Score), Need(spec.Benchmark?.Requests),
            Need(spec.Gpus), Hourly(profile.Spec), runs);
    }

    /// <summary>The route's latency objective, on the statistic it names (the mean by default).</summary>
    public static ServiceLevel ServiceLevel(SloSpec? slo) =>
        slo is null ? Economics.Curves.ServiceLevel.None : new ServiceLevel(slo.MaxTtftSeconds, slo.MaxLatencySeconds, Statistic(slo.Statistic));

    /// <summary>A validated spec.slo.statistic as the economics' statistic; the mean when unset.</summary>
    public static LatencyStatistic Statistic(string? statistic) =>
        statistic is null ? LatencyStatistic.Mean : Enum.Parse<LatencyStatistic>(statistic, ignoreCase: true);

    /// <summary>The run's percentiles, or null when it has none.</summary>
    private static LatencyPercentiles? Percentiles(BenchmarkRunSpec r) =>
        r is { P50TtftSeconds: null, P90TtftSeconds: null, P99TtftSeconds: null, P50LatencySeconds: null, P90LatencySeconds: null, P99LatencySeconds: null }
            ? null
            : new LatencyPercentiles(r.P50TtftSeconds, r.P90TtftSeconds, r.P99TtftSeconds, r.P50LatencySeconds, r.P90LatencySeconds, r.P99LatencySeconds);

    /// <summary>The route's objective; MaxQuality when unset.</summary>
    public static Objective Objective(string? objective) =>
        objective is null ? Economics.Allocation.Objective.MaxQuality : Enum.Parse<Objective>(objective, ignoreCase: false);

    private static T Need<T>(T? value) where T : struct =>
        value ?? throw new InvalidOperationException("resource was not validated before mapping");
}
