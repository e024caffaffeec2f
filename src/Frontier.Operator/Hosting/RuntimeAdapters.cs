using Frontier.Operator.Metrics;
using Frontier.Operator.Reconcilers;
using Frontier.Runtime;
using k8s;
using k8s.Models;

namespace Frontier.Operator.Hosting;

/// <summary>Writes status through the runtime's merge-patch writer, against the object as last read (so removed fields go).</summary>
internal sealed class StatusPatch<T, TStatus>(IResourceClient<T> client, StatusWriter writer) : IStatusWriter<T, TStatus>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<bool> WriteAsync(T current, TStatus status, CancellationToken ct) => writer.PatchStatusAsync(client, current, status, ct);
}

/// <summary>Records Events through the runtime's recorder.</summary>
internal sealed class RecorderEvents(EventRecorder recorder) : IEventSink
{
    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, CancellationToken ct) =>
        recorder.RecordAsync(obj, type == "Warning" ? EventSeverity.Warning : EventSeverity.Normal, reason, message, ct);
}

/// <summary>Controller metrics into prometheus-net.</summary>
internal sealed class PrometheusControllerMetrics : IControllerMetrics
{
    public static PrometheusControllerMetrics Instance { get; } = new();

    public void ReconcileStarted(string controller) { }

    public void ReconcileSucceeded(string controller, TimeSpan duration)
    {
        OperatorMetrics.Reconciles.WithLabels(controller, "success").Inc();
        OperatorMetrics.ReconcileDuration.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    public void ReconcileFailed(string controller, TimeSpan duration, Exception error)
    {
        OperatorMetrics.Reconciles.WithLabels(controller, "error").Inc();
        OperatorMetrics.ReconcileDuration.WithLabels(controller).Observe(duration.TotalSeconds);
    }
}
