using Frontier.Operator.Demand;
using Frontier.Operator.Reconcilers;
using Frontier.Operator.Scaling;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Tests.Reconcilers;

internal sealed class FakeMetrics : IRouteMetricsReader
{
    public RouteMetrics Next { get; set; } = new(true, null, 10, "gateway");

    /// <summary>The power groups the reconciler asked about, per call.</summary>
    public List<IReadOnlyList<PowerGroup>> PowerRequests { get; } = [];

    public Task<RouteMetrics> ReadAsync(Frontier.Api.Routes.ModelRoute route, IReadOnlyList<PowerGroup> power, CancellationToken ct)
    {
        PowerRequests.Add(power);
        return Task.FromResult(Next);
    }
}

internal sealed class FakeScaler : IScaler
{
    /// <summary>What each Deployment asks for (spec.replicas); set by scaling.</summary>
    public Dictionary<string, int> Replicas { get; } = [];

    /// <summary>What to answer instead of reading and scaling, per Deployment.</summary>
    public Dictionary<string, ScaleOutcome> Refusals { get; } = [];

    public List<(string Deployment, string Route, int Replicas)> Calls { get; } = [];

    /// <summary>Ready replicas per Deployment, as its status would say; when not set, replicas start at once: as many are ready as it will ask for.</summary>
    public Dictionary<string, int> ReadyReplicas { get; } = [];

    /// <summary>Its Pods' scheduling per Deployment (none read when not set).</summary>
    public Dictionary<string, PodScheduling> Scheduling { get; } = [];

    /// <summary>Readiness of a Deployment whose replicas start at once: more than any plan asks for.</summary>
    private const int InstantlyReady = 1_000_000;

    private readonly Dictionary<string, string> _routes = [];

    public Task<DeploymentReading> ReadAsync(string @namespace, string deployment, string route, CancellationToken ct)
    {
        if (Refusals.TryGetValue(deployment, out var refusal)) return Task.FromResult(DeploymentReading.Refused(refusal));
        _routes[deployment] = route;
        var asked = Replicas.TryGetValue(deployment, out var current) ? current : 0;
        var ready = ReadyReplicas.TryGetValue(deployment, out var r) ? r : InstantlyReady;
        return Task.FromResult(new DeploymentReading(deployment, null, asked, ready, Scheduling.GetValueOrDefault(deployment)));
    }

    public Task<ScaleOutcome> ScaleAsync(string @namespace, DeploymentReading reading, int replicas, CancellationToken ct)
    {
        if (reading.Refusal is { } refusal) return Task.FromResult(refusal);
        Calls.Add((reading.Deployment, _routes[reading.Deployment], replicas));
        var changed = reading.Asked != replicas || !Replicas.ContainsKey(reading.Deployment);
        Replicas[reading.Deployment] = replicas;
        return Task.FromResult(new ScaleOutcome(reading.Deployment, changed ? ScaleResult.Scaled : ScaleResult.Unchanged,
            Planned: replicas, Ready: ReadyReplicas.TryGetValue(reading.Deployment, out var ready) ? ready : replicas) { Scheduling = reading.Scheduling });
    }
}

/// <summary>Keeps every status written, as the API server would store it, and puts it on the object written against.</summary>
internal sealed class FakeStatusWriter<T, TStatus> : IStatusWriter<T, TStatus>
    where T : IStatus<TStatus?>
{
    public List<TStatus> Writes { get; } = [];

    public TStatus Last => Writes[^1];

    public Task<bool> WriteAsync(T current, TStatus status, CancellationToken ct)
    {
        var stored = KubernetesJson.Deserialize<TStatus>(KubernetesJson.Serialize(status));
        Writes.Add(stored);
        current.Status = KubernetesJson.Deserialize<TStatus>(KubernetesJson.Serialize(status));
        return Task.FromResult(true);
    }
}

internal sealed class FakeEvents : IEventSink
{
    public List<(string Type, string Reason, string Message)> Events { get; } = [];

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, CancellationToken ct)
    {
        Events.Add((type, reason, message));
        return Task.CompletedTask;
    }
}
