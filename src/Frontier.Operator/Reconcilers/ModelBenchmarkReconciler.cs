using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Planning;
using Frontier.Api.Validation;
using Frontier.Economics.Curves;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>ModelBenchmark → validated; status carries the best concurrency, the zone and the cost per request there.</summary>
internal sealed class ModelBenchmarkReconciler(
    Func<ObjectKey, ModelBenchmark?> benchmarks,
    IResourceCatalog catalog,
    IStatusWriter<ModelBenchmarkStatus> statusWriter,
    TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (benchmarks(key) is not { } benchmark) return ReconcileResult.Done;
        var now = time.GetUtcNow().UtcDateTime;
        var generation = benchmark.Metadata.Generation;
        var status = new ModelBenchmarkStatus { ObservedGeneration = generation, Conditions = GpuProfileReconciler.Copy(benchmark.Status?.Conditions) };
        var errors = SpecValidator.Validate(benchmark).Concat(ReferenceValidator.Validate(benchmark, catalog)).ToList();
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            var reason = errors.Any(e => e.Message.Contains("not found", StringComparison.Ordinal)) ? Reasons.MissingReference : Reasons.InvalidSpec;
            Conditions.Set(status.Conditions, ConditionTypes.Valid, false, reason, message, generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, false, reason, message, generation, now);
        }
        else
        {
            var curve = ProductionCurve.Build(EconomicsMapper.ToBenchmarkData(benchmark, catalog.FindGpuProfile(benchmark.Spec.GpuProfile!)!));
            var zone = OperatingZone.Find(curve.Points, ServiceLevel.None);
            status.BestConcurrency = zone?.Best.Concurrency;
            status.ZoneMinConcurrency = zone?.MinConcurrency;
            status.ZoneMaxConcurrency = zone?.MaxConcurrency;
            status.CostPerRequestUsd = zone?.Best.CostPerRequestUsd;
            Conditions.Set(status.Conditions, ConditionTypes.Valid, true, Reasons.SpecValid, "spec and references are valid", generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, true, Reasons.Computed,
                zone is null ? "no runs" : FormattableString.Invariant($"best at concurrency {zone.Best.Concurrency}: ${zone.Best.CostPerRequestUsd:0.######} per request"), generation, now);
        }
        await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
