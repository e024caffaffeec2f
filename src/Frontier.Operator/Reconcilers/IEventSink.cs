using k8s;
using k8s.Models;

namespace Frontier.Operator.Reconcilers;

/// <summary>Records Kubernetes Events; never throws.</summary>
internal interface IEventSink
{
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, CancellationToken ct);
}
