using System.Collections.Concurrent;
using Frontier.Api.Routes;
using Frontier.Planning;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// What the operator remembers about each route across passes: its <see cref="ScalingPolicy"/> (the stabilization window is a
/// memory of recent demand; replaced when spec.scaling changes) and its <see cref="SchedulingHolds"/> (candidates planned
/// around because their Pods could not be scheduled), its <see cref="ReadinessWaits"/> (since when each candidate waits for
/// new replicas to become ready) and its latest <see cref="TargetPlan"/> (what it fails static on).
/// Dropped when the route is deleted.
/// </summary>
internal sealed class RouteScaling
{
    private readonly ConcurrentDictionary<ObjectKey, ScalingPolicy> _policies = new();
    private readonly ConcurrentDictionary<ObjectKey, SchedulingHolds> _holds = new();
    private readonly ConcurrentDictionary<ObjectKey, TargetPlan> _targets = new();
    private readonly ConcurrentDictionary<ObjectKey, ReadinessWaits> _waits = new();

    /// <summary>The demand <paramref name="route"/> plans for at <paramref name="now"/> when <paramref name="measured"/> is what it reads.</summary>
    public double DemandToPlan(ObjectKey key, ModelRoute route, DateTimeOffset now, double measured)
    {
        var settings = ScalingSettings.From(route.Spec.Scaling);
        var policy = _policies.AddOrUpdate(key, _ => new ScalingPolicy(settings),
            (_, existing) => existing.Settings == settings ? existing : new ScalingPolicy(settings));
        return policy.DemandToPlan(now, measured);
    }

    /// <summary>The route's memory of candidates whose Pods could not be scheduled.</summary>
    public SchedulingHolds Holds(ObjectKey key) => _holds.GetOrAdd(key, _ => new SchedulingHolds(SchedulingHolds.DefaultDuration));

    /// <summary>The route's memory of since when each candidate waits for its new replicas to become ready.</summary>
    public ReadinessWaits Waits(ObjectKey key) => _waits.GetOrAdd(key, _ => new ReadinessWaits());

    /// <summary>Remembers the route's latest target plan.</summary>
    public void Remember(ObjectKey key, TargetPlan target) => _targets[key] = target;

    /// <summary>The route's latest target plan; null before it planned in this process.</summary>
    public TargetPlan? LastTarget(ObjectKey key) => _targets.GetValueOrDefault(key);

    /// <summary>Forgets a deleted route.</summary>
    public void Forget(ObjectKey key)
    {
        _targets.TryRemove(key, out _);
        _policies.TryRemove(key, out _);
        _holds.TryRemove(key, out _);
        _waits.TryRemove(key, out _);
    }
}
