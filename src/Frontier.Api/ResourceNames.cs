using k8s;
using k8s.Models;

namespace Frontier.Api;

/// <summary>Naming helpers shared by the CLI, the operator and the gateway.</summary>
public static class ResourceNames
{
    /// <summary>The namespace objects without one are placed in, as kubectl does.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>The object's namespace, or <see cref="DefaultNamespace"/>.</summary>
    public static string NamespaceOf(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? DefaultNamespace : obj.Metadata.NamespaceProperty;
    }

    /// <summary>"Kind/name", or "Kind/namespace/name" for namespaced kinds, for messages.</summary>
    public static string Describe(IKubernetesObject<V1ObjectMeta> obj, bool namespaced)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata?.Name ?? "<unnamed>";
        return namespaced ? $"{obj.Kind}/{NamespaceOf(obj)}/{name}" : $"{obj.Kind}/{name}";
    }
}
