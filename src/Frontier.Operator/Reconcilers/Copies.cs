using k8s;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// Deep copies of objects that came from an informer's cache: reconcilers must not mutate what other
/// readers share, so they change a copy (a JSON round trip, exactly as the API server would serialise it).
/// </summary>
internal static class Copies
{
    public static T Deep<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
