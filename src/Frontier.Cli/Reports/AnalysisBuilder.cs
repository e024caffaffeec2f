using Frontier.Api.Manifests;
using Frontier.Planning;
using Frontier.Economics.Curves;
using Frontier.Economics.Frontier;

namespace Frontier.Cli.Reports;

/// <summary>Runs the economics over every GpuProfile and ModelBenchmark of a manifest set.</summary>
internal static class AnalysisBuilder
{
    public static AnalysisReport Build(ManifestSet set, string dataset, ServiceLevel serviceLevel, double zoneTolerance)
    {
        var profiles = set.GpuProfiles.Select(p =>
        {
            var hourly = EconomicsMapper.Hourly(p.Spec);
            return new GpuProfileReport(p.Metadata.Name, hourly.Total, hourly.IsFlatPrice ? "hourlyPrice" : "tco",
                hourly.IsFlatPrice ? null : new BreakdownReport(hourly.Depreciation, hourly.Power, hourly.Maintenance));
        }).ToList();

        var models = new List<ModelReport>();
        var points = new List<CostQualityPoint>();
        foreach (var benchmark in set.ModelBenchmarks)
        {
            var profile = set.FindGpuProfile(benchmark.Spec.GpuProfile!)!;
            var curve = ProductionCurve.Build(EconomicsMapper.ToBenchmarkData(benchmark, profile));
            var data = curve.Benchmark;
            var zone = OperatingZone.Find(curve.Points, serviceLevel, zoneTolerance);
            var principles = Principles.Detect(curve.Points);
            models.Add(new ModelReport(
                data.Name, data.Model, benchmark.Spec.Benchmark!.Name!, data.Quality, profile.Metadata.Name, data.Gpus, data.ReplicaHourlyCost,
                curve.Points.Select(p => new PointReport(
                    p.Concurrency, p.TotalSeconds, p.CostUsd, p.CostPerRequestUsd, p.RequestsPerSecond, p.MeanTtftSeconds, p.MeanLatencySeconds,
                    p.MarginalCostPerRequest, p.Elasticity, serviceLevel.IsMetBy(p), p.Runs,
                    p.CostPerRequestInterval is { } ci ? new IntervalReport(ci.Low, ci.High, ci.Level) : null)).ToList(),
                curve.Fit is { } fit ? new FitReport(fit.MaxRequestsPerSecond, fit.HalfSaturationConcurrency, fit.RSquared) : null,
                zone is null ? null : new BestReport(zone.Best.Concurrency, zone.Best.CostUsd, zone.Best.CostPerRequestUsd, zone.Best.RequestsPerSecond),
                zone is null ? null : new ZoneReport(zone.MinConcurrency, zone.MaxConcurrency),
                new PrinciplesReport(Principle(principles.DiminishingMarginalCost), Principle(principles.DiminishingReturnsToScale))));
            points.AddRange(curve.Points.Where(serviceLevel.IsMetBy)
                .Select(p => new CostQualityPoint(data.Name, p.Concurrency, p.CostUsd, p.CostPerRequestUsd, data.Quality)));
        }

        var frontier = ParetoFrontier.Compute(points)
            .Select(p => new FrontierPointReport(p.Name, p.Concurrency, p.CostUsd, p.CostPerRequestUsd, p.Quality)).ToList();
        return new AnalysisReport(dataset, serviceLevel.ToString(), zoneTolerance, profiles, models, frontier);
    }

    private static PrincipleReport Principle(PrincipleFinding f) => new(f.Holds, f.Evidence, f.First, f.Last);
}
