using Frontier.Api.GpuProfiles;
using Frontier.Planning;
using Frontier.Api.Validation;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>GpuProfile → status.hourlyCost and its breakdown, or Valid=False naming the field.</summary>
internal sealed class GpuProfileReconciler(
    Func<ObjectKey, GpuProfile?> profiles,
    IStatusWriter<GpuProfile, GpuProfileStatus> statusWriter,
    TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (profiles(key) is not { } profile) return ReconcileResult.Done;
        var generation = profile.Metadata.Generation;
        // A fresh status: what no longer applies (a breakdown after a switch to hourlyPrice) is removed by the write.
        var status = new GpuProfileStatus { ObservedGeneration = generation, Conditions = ConditionWriter.Copy(profile.Status?.Conditions) };
        var conditions = new ConditionWriter(status.Conditions, generation, time.GetUtcNow().UtcDateTime);
        var validation = ValidationOutcome.Of(SpecValidator.Validate(profile), "spec is valid");
        if (!validation.Valid)
        {
            conditions.Set(ConditionTypes.Valid, false, validation.Reason, validation.Message);
            conditions.Set(ConditionTypes.Ready, false, validation.Reason, validation.Message);
        }
        else
        {
            var hourly = EconomicsMapper.Hourly(profile.Spec);
            status.HourlyCost = hourly.Total;
            status.Source = hourly.IsFlatPrice ? "hourlyPrice" : "tco";
            status.Breakdown = hourly.IsFlatPrice ? null : new CostBreakdownStatus { Depreciation = hourly.Depreciation, Power = hourly.Power, Maintenance = hourly.Maintenance };
            conditions.Set(ConditionTypes.Valid, true, validation.Reason, validation.Message);
            conditions.Set(ConditionTypes.Ready, true, Reasons.Computed, FormattableString.Invariant($"${hourly.Total:0.####} per GPU-hour"));
        }
        await StatusUpdates.WriteIfChangedAsync(statusWriter, profile, status, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
