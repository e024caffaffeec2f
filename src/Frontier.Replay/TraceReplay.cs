using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Api.Schema;
using Frontier.Economics.Allocation;
using Frontier.Economics.Curves;
using Frontier.Planning;

namespace Frontier.Replay;

/// <summary>
/// Replays arrivals through a route under each policy: resolves the settings, profiles and rate-scales the arrivals,
/// then runs one discrete-event simulation per policy on the same arrivals. Deterministic for a seed.
/// </summary>
public static class TraceReplay
{
    /// <summary>The default control interval when neither the settings nor spec.interval give one.</summary>
    public const double DefaultIntervalSeconds = 30;

    /// <summary>The default window of the demand rate when spec.metrics.rateWindow gives none (the operator's 1m).</summary>
    public const double DefaultRateWindowSeconds = 60;

    /// <summary>Replays <paramref name="source"/> through <paramref name="route"/> (validated, its references resolvable in <paramref name="catalog"/>).</summary>
    /// <exception cref="Frontier.Traces.TraceFormatException">The trace cannot be read (file:line).</exception>
    /// <exception cref="ReplayInputException">The arrivals are empty or the route cannot be replayed.</exception>
    public static ReplayReport Run(ModelRoute route, IResourceCatalog catalog, ArrivalSource source, ReplaySettings settings, IReadOnlyList<ReplayPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policies);

        var effective = WithOverrides(route, settings);
        var interval = settings.IntervalSeconds ?? DurationOr(route.Spec.Interval, DefaultIntervalSeconds);
        var rawProfile = TraceProfile.Of(source.Open(), interval);
        if (rawProfile.Requests == 0) throw new ReplayInputException($"{source.Name}: no arrivals to replay");
        var scale = RateScale(effective, catalog, settings, rawProfile);
        var arrivals = () => RateScaling.Scale(source.Open(), scale, settings.Seed);
        var profile = TraceProfile.Of(arrivals(), interval);
        if (profile.Requests == 0) throw new ReplayInputException($"{source.Name}: rate scale {scale:g4} leaves no arrivals to replay");

        var reference = RoutePlanner.Plan(effective, catalog, profile.MeanRequestsPerSecond);
        var (best, cheapest) = BestAndCheapest(reference);
        var runSettings = new ReplayRunSettings(interval, settings.StartupSeconds,
            DurationOr(route.Spec.Metrics?.RateWindow, DefaultRateWindowSeconds), settings.QueueWaitSeconds, settings.Seed,
            effective.Spec.Budget?.MaxHourlyCost, route.Spec.Slo?.MaxTtftSeconds, route.Spec.Slo?.MaxLatencySeconds, settings.WarmStart);

        PolicyResult RunOne(ReplayPolicy policy, double share)
        {
            var controller = new ReplayController(effective, catalog, policy, share, best, cheapest, settings.FrontierForesight);
            var startup = policy.Kind is PolicyKind.Oracle ? 0 : settings.StartupSeconds;
            var run = new ReplayRun(controller, Pools(reference, effective, rawProfile.MeanOutputTokens, settings.ServiceSpeedup), profile, runSettings with { StartupSeconds = startup });
            var ignoresBudget = policy.Kind is PolicyKind.AlwaysBest or PolicyKind.Cheapest or PolicyKind.StaticSplit;
            return run.Run(arrivals(), policy.Name, policy.Kind is PolicyKind.StaticSplit ? share : null, ignoresBudget);
        }

        var results = new List<PolicyResult>();
        PolicyResult? frontier = null;
        foreach (var policy in policies)
        {
            var share = 0.0;
            if (policy.Kind is PolicyKind.StaticSplit)
            {
                frontier ??= results.FirstOrDefault(r => r.Policy == ReplayPolicy.NameOf(PolicyKind.Frontier)) ?? RunOne(new ReplayPolicy(PolicyKind.Frontier), 0);
                share = policy.Share ?? MatchingShare(reference, best, cheapest, frontier.MeanQuality);
            }
            results.Add(RunOne(policy, share));
        }

        var summary = new TraceSummary(source.Name, profile.Requests, profile.DurationSeconds, rawProfile.Requests, scale,
            profile.MeanRequestsPerSecond, profile.PeakRequestsPerSecond);
        return new ReplayReport(summary, $"{ResourceNames.NamespaceOf(route)}/{route.Metadata.Name}",
            EconomicsMapper.Objective(effective.Spec.Objective).ToString(), effective.Spec.Budget?.MaxHourlyCost, interval,
            settings.StartupSeconds, settings.Seed, reference.Candidates.Select(c => c.Name).ToList(),
            reference.Frontier.Select(p => new FrontierPoint(p.Name, p.CostPerRequestUsd, p.Quality)).ToList(), results);
    }

    // ---- phases ----

    private static ModelRoute WithOverrides(ModelRoute route, ReplaySettings settings) => RouteCopies.WithSpec(route, spec =>
    {
        if (settings.BudgetOverride is { } budget) spec.Budget = new BudgetSpec { MaxHourlyCost = budget };
        if (settings.ObjectiveOverride is { } objective) spec.Objective = objective.ToString();
        if (settings.QualityFloorOverride is { } floor) spec.QualityFloor = floor;
        if (settings.Scaling is { } scaling)
        {
            spec.Scaling = new ScalingSpec
            {
                Headroom = scaling.Headroom ?? spec.Scaling?.Headroom,
                ScaleDownStabilization = scaling.ScaleDownStabilization ?? spec.Scaling?.ScaleDownStabilization,
                StartupSeconds = scaling.StartupSeconds ?? spec.Scaling?.StartupSeconds,
            };
        }
    });

    /// <summary>The rate multiplier: from the target mean rate, as given, or the trace's peak interval scaled to the most the route can serve within its budget.</summary>
    private static double RateScale(ModelRoute route, IResourceCatalog catalog, ReplaySettings settings, TraceProfile raw)
    {
        if (settings.RateScale is { } x) return x;
        if (settings.TargetRequestsPerSecond is { } target) return target / raw.MeanRequestsPerSecond;
        var capacity = Capacity(route, catalog);
        return capacity > 0 && raw.PeakRequestsPerSecond > 0 ? capacity / raw.PeakRequestsPerSecond : 1;
    }

    /// <summary>The most requests per second the route can serve within its budget and replica bounds.</summary>
    public static double Capacity(ModelRoute route, IResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(route);
        var unbounded = RoutePlanner.Plan(route, catalog, 0).Candidates
            .Sum(c => c.MaxReplicas * c.Points.Select(p => p.RequestsPerSecond).DefaultIfEmpty(0).Max());
        return RoutePlanner.Plan(route, catalog, unbounded).Allocation.ServedRequestsPerSecond;
    }

    private static (string Best, string Cheapest) BestAndCheapest(RoutePlan plan)
    {
        var usable = plan.Allocation.Candidates.Where(c => c.CostPerRequestUsd is not null).ToList();
        if (usable.Count == 0) throw new ReplayInputException($"route {plan.Route.Metadata.Name}: no candidate has an operating point meeting the SLO");
        return (usable.MaxBy(c => c.Quality)!.Name, usable.MinBy(c => c.CostPerRequestUsd)!.Name);
    }

    /// <summary>static-split's default: the share to the best candidate whose mean quality equals <paramref name="target"/>.</summary>
    private static double MatchingShare(RoutePlan plan, string best, string cheapest, double target)
    {
        var qb = plan.Allocation.Candidates.First(c => c.Name == best).Quality;
        var qc = plan.Allocation.Candidates.First(c => c.Name == cheapest).Quality;
        return qb <= qc ? 1 : Math.Clamp((target - qc) / (qb - qc), 0, 1);
    }

    private static List<CandidatePool> Pools(RoutePlan plan, ModelRoute route, double traceOutputTokens, double speedup)
    {
        var serviceLevel = EconomicsMapper.ServiceLevel(route.Spec.Slo);
        var pools = new List<CandidatePool>();
        for (var i = 0; i < plan.Candidates.Count; i++)
        {
            var input = plan.Candidates[i];
            var curve = plan.Curves[i].Curve;
            var spec = route.Spec.Candidates![i];
            var gpus = spec.GpusPerReplica ?? curve.Benchmark.Gpus;
            pools.Add(new CandidatePool(input.Name, input.Quality, input.HourlyCostPerReplica, gpus, Math.Max(1, gpus / curve.Benchmark.Gpus), curve,
                OperatingZone.Find(curve.Points, serviceLevel), WorkTokens(curve, traceOutputTokens), speedup));
        }
        return pools;
    }

    /// <summary>Output tokens of one benchmark request: measured where the runs say, else the trace's mean (its mean request is the benchmark's).</summary>
    private static double WorkTokens(ProductionCurve curve, double traceOutputTokens)
    {
        var measured = curve.Benchmark.Runs.Where(r => r.OutputTokens is > 0).Select(r => (double)r.OutputTokens!.Value / curve.Benchmark.Requests).ToList();
        return measured.Count > 0 ? measured.Average() : traceOutputTokens;
    }

    private static double DurationOr(string? text, double fallback) =>
        Durations.TryParse(text, out var value) && value > TimeSpan.Zero ? value.TotalSeconds : fallback;
}
