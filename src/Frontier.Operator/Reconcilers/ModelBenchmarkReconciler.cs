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
    IStatusWriter<ModelBenchmark, ModelBenchmarkStatus> statusWriter,
    TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (benchmarks(key) is not { } benchmark) return ReconcileResult.Done;
        var generation = benchmark.Metadata.Generation;
        // A fresh status: a benchmark that turned invalid loses its best point and zone instead of keeping stale ones.
        var status = new ModelBenchmarkStatus { ObservedGeneration = generation, Conditions = ConditionWriter.Copy(benchmark.Status?.Conditions) };
        var conditions = new ConditionWriter(status.Conditions, generation, time.GetUtcNow().UtcDateTime);
        var validation = ValidationOutcome.Of(SpecValidator.Validate(benchmark).Concat(ReferenceValidator.Validate(benchmark, catalog)).ToList());
        if (!validation.Valid)
        {
            conditions.Set(ConditionTypes.Valid, false, validation.Reason, validation.Message);
            conditions.Set(ConditionTypes.Ready, false, validation.Reason, validation.Message);
        }
        else
        {
            var curve = ProductionCurve.Build(EconomicsMapper.ToBenchmarkData(benchmark, catalog.FindGpuProfile(benchmark.Spec.GpuProfile!)!));
            var zone = OperatingZone.Find(curve.Points, ServiceLevel.None);
            status.BestConcurrency = zone?.Best.Concurrency;
            status.ZoneMinConcurrency = zone?.MinConcurrency;
            status.ZoneMaxConcurrency = zone?.MaxConcurrency;
            status.CostPerRequestUsd = zone?.Best.CostPerRequestUsd;
            conditions.Set(ConditionTypes.Valid, true, validation.Reason, validation.Message);
            conditions.Set(ConditionTypes.Ready, true, Reasons.Computed,
                zone is null ? "no runs" : FormattableString.Invariant($"best at concurrency {zone.Best.Concurrency}: ${zone.Best.CostPerRequestUsd:0.######} per request"));
        }
        await StatusUpdates.WriteIfChangedAsync(statusWriter, benchmark, status, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
