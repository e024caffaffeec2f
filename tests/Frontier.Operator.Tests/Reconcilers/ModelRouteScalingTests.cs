using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Operator.Demand;
using Frontier.Operator.Reconcilers;
using Frontier.Planning;
using Frontier.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Operator.Tests.Reconcilers;

/// <summary>spec.scaling in the reconciler: headroom on the measured demand, and a dip held for the stabilization window.</summary>
public sealed class ModelRouteScalingTests
{
    private readonly ManifestSet _set = ManifestLoader.LoadText(ModelRouteReconcilerTests.SampleYaml, "paper-a800.yaml");
    private readonly FakeMetrics _metrics = new();
    private readonly FakeScaler _scaler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ModelRoute _route;
    private readonly ModelRouteReconciler _reconciler;

    public ModelRouteScalingTests()
    {
        _route = _set.FindRoute("chat")!;
        _route.Metadata.Generation = 1;
        _reconciler = new(_ => _route, _set, _metrics, _scaler, new FakeStatusWriter<ModelRoute, ModelRouteStatus>(), new FakeEvents(),
            new OperatorOptions(), _time, NullLogger<ModelRouteReconciler>.Instance);
    }

    private async Task<Dictionary<string, int>> PassAt(double demand)
    {
        _metrics.Next = new RouteMetrics(true, null, demand, "gateway");
        await _reconciler.ReconcileAsync(new ObjectKey("default", "chat"), CancellationToken.None);
        return _route.Status!.Plan!.Candidates.ToDictionary(c => c.Name!, c => c.Replicas);
    }

    private Dictionary<string, int> PlannerReplicasFor(double demand) =>
        RoutePlanner.Plan(_route, _set, demand).Allocation.Candidates.ToDictionary(c => c.Name, c => c.Replicas);

    [Fact]
    public async Task Headroom_plans_for_that_much_more_than_the_measured_demand()
    {
        _route.Spec.Scaling = new ScalingSpec { Headroom = 0.5, ScaleDownStabilization = "0s", StartupSeconds = 0 };

        var replicas = await PassAt(8);

        Assert.Equal(PlannerReplicasFor(12), replicas);
        Assert.NotEqual(PlannerReplicasFor(8), replicas);
        Assert.Equal(8, _route.Status!.Demand!.RequestsPerSecond); // status reports what was measured
    }

    [Fact]
    public async Task A_dip_is_planned_through_for_the_stabilization_window_then_followed()
    {
        _route.Spec.Scaling = new ScalingSpec { Headroom = 0.1, ScaleDownStabilization = "5m", StartupSeconds = 0 };

        Assert.Equal(PlannerReplicasFor(22), await PassAt(20));
        for (var t = 30; t <= 300; t += 30)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(PlannerReplicasFor(22), await PassAt(4));
        }
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(PlannerReplicasFor(4.4), await PassAt(4));
        Assert.NotEqual(PlannerReplicasFor(22), PlannerReplicasFor(4.4));
    }

    [Fact]
    public async Task Without_stabilization_a_dip_is_followed_at_once()
    {
        _route.Spec.Scaling = new ScalingSpec { Headroom = 0, ScaleDownStabilization = "0s", StartupSeconds = 0 };

        Assert.Equal(PlannerReplicasFor(20), await PassAt(20));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(PlannerReplicasFor(4), await PassAt(4));
    }
}
