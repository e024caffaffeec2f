using Frontier.Operator.Demand;
using Frontier.Operator.Reconcilers;
using Frontier.Operator.Scaling;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Tests.Reconcilers;

internal sealed class FakeMetrics : IRouteMetricsReader
{
    public RouteMetrics Next { get; set; } = new(true, null, 10, "gateway", null);

    public Task<RouteMetrics> ReadAsync(Frontier.Api.Routes.ModelRoute route, CancellationToken ct) => Task.FromResult(Next);
}

internal sealed class FakeScaler : IScaler
{
    public Dictionary<string, int> Replicas { get; } = [];

    public HashSet<string> Missing { get; } = [];

    public List<(string Deployment, int Replicas)> Calls { get; } = [];

    public Task<ScaleOutcome> ScaleAsync(string @namespace, string deployment, int replicas, CancellationToken ct)
    {
        Calls.Add((deployment, replicas));
        if (Missing.Contains(deployment)) return Task.FromResult(new ScaleOutcome(deployment, false, false, $"Deployment {@namespace}/{deployment} not found"));
        var changed = !Replicas.TryGetValue(deployment, out var current) || current != replicas;
        Replicas[deployment] = replicas;
        return Task.FromResult(new ScaleOutcome(deployment, true, changed, null));
    }
}

internal sealed class FakeStatusWriter<TStatus> : IStatusWriter<TStatus>
{
    public List<(ObjectKey Key, TStatus Status)> Writes { get; } = [];

    public TStatus Last => Writes[^1].Status;

    public Task<bool> WriteAsync(ObjectKey key, TStatus status, CancellationToken ct)
    {
        // Keep a snapshot, as the API server would.
        Writes.Add((key, KubernetesJson.Deserialize<TStatus>(KubernetesJson.Serialize(status))));
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
