using Frontier.Api.GpuProfiles;
using Frontier.Planning;
using Frontier.Api.Validation;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>GpuProfile → status.hourlyCost and its breakdown, or Valid=False naming the field.</summary>
internal sealed class GpuProfileReconciler(
    Func<ObjectKey, GpuProfile?> profiles,
    IStatusWriter<GpuProfileStatus> statusWriter,
    TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (profiles(key) is not { } profile) return ReconcileResult.Done;
        var now = time.GetUtcNow().UtcDateTime;
        var generation = profile.Metadata.Generation;
        var status = new GpuProfileStatus { ObservedGeneration = generation, Conditions = Copy(profile.Status?.Conditions) };
        var errors = SpecValidator.Validate(profile);
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            Conditions.Set(status.Conditions, ConditionTypes.Valid, false, Reasons.InvalidSpec, message, generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, false, Reasons.InvalidSpec, message, generation, now);
        }
        else
        {
            var hourly = EconomicsMapper.Hourly(profile.Spec);
            status.HourlyCost = hourly.Total;
            status.Source = hourly.IsFlatPrice ? "hourlyPrice" : "tco";
            status.Breakdown = hourly.IsFlatPrice ? null : new CostBreakdownStatus { Depreciation = hourly.Depreciation, Power = hourly.Power, Maintenance = hourly.Maintenance };
            Conditions.Set(status.Conditions, ConditionTypes.Valid, true, Reasons.SpecValid, "spec is valid", generation, now);
            Conditions.Set(status.Conditions, ConditionTypes.Ready, true, Reasons.Computed, FormattableString.Invariant($"${hourly.Total:0.####} per GPU-hour"), generation, now);
        }
        await statusWriter.WriteAsync(key, status, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>The object's conditions as a list this reconcile may change (a deep copy; empty when none).</summary>
    internal static List<k8s.Models.V1Condition> Copy(IList<k8s.Models.V1Condition>? conditions) =>
        conditions is null ? [] : Copies.Deep(conditions.ToList());
}
