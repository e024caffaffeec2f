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
    public Dictionary<string, int> Replicas { get; } = [];

    /// <summary>What to answer instead of scaling, per Deployment.</summary>
    public Dictionary<string, ScaleOutcome> Refusals { get; } = [];

    public List<(string Deployment, string Route, int Replicas)> Calls { get; } = [];

    /// <summary>Ready replicas per Deployment, as its status would say (all of them when not set).</summary>
    public Dictionary<string, int> ReadyReplicas { get; } = [];

    public Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, string route, int replicas, CancellationToken ct)
    {
        Calls.Add((deployment, route, replicas));
        if (Refusals.TryGetValue(deployment, out var refusal)) return Task.FromResult(refusal);
        var changed = !Replicas.TryGetValue(deployment, out var current) || current != replicas;
        Replicas[deployment] = replicas;
        return Task.FromResult(new ScaleOutcome(deployment, changed ? ScaleResult.Scaled : ScaleResult.Unchanged,
            Planned: replicas, Ready: ReadyReplicas.TryGetValue(deployment, out var ready) ? ready : replicas));
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
