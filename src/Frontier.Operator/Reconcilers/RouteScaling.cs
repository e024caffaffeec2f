using System.Collections.Concurrent;
using Frontier.Api.Routes;
using Frontier.Planning;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// One <see cref="ScalingPolicy"/> per route, kept across passes (its stabilization window is a memory of recent demand);
/// replaced when the route's spec.scaling changes, dropped when the route is deleted.
/// </summary>
internal sealed class RouteScaling
{
    private readonly ConcurrentDictionary<ObjectKey, ScalingPolicy> _policies = new();

    /// <summary>The demand <paramref name="route"/> plans for at <paramref name="now"/> when <paramref name="measured"/> is what it reads.</summary>
    public double DemandToPlan(ObjectKey key, ModelRoute route, DateTimeOffset now, double measured)
    {
        var settings = ScalingSettings.From(route.Spec.Scaling);
        var policy = _policies.AddOrUpdate(key, _ => new ScalingPolicy(settings),
            (_, existing) => existing.Settings == settings ? existing : new ScalingPolicy(settings));
        return policy.DemandToPlan(now, measured);
    }

    /// <summary>Forgets a deleted route.</summary>
    public void Forget(ObjectKey key) => _policies.TryRemove(key, out _);
}
