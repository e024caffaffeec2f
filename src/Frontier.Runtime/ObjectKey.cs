using k8s;
using k8s.Models;

namespace Frontier.Runtime;

/// <summary>Identifies an object by namespace and name; the unit of work of a level-based controller.</summary>
/// <param name="Namespace">The namespace, or <c>null</c> for cluster-scoped objects (an empty string is stored as <c>null</c>).</param>
/// <param name="Name">The object's name.</param>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    /// <summary>The namespace, or <c>null</c> for cluster-scoped objects.</summary>
    public string? Namespace { get; init; } = string.IsNullOrEmpty(Namespace) ? null : Namespace;

    /// <summary>The key of an object, from its metadata.</summary>
    /// <param name="obj">An object with metadata and a name.</param>
    /// <exception cref="ArgumentException">The object has no name.</exception>
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The object has no metadata.name.", nameof(obj));
        }

        return new ObjectKey(obj.Metadata!.NamespaceProperty, name);
    }

    /// <summary>Parses "namespace/name" or "name".</summary>
    /// <param name="text">The text produced by <see cref="ToString"/>.</param>
    public static ObjectKey Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey(null, text) : new ObjectKey(text[..slash], text[(slash + 1)..]);
    }

    /// <summary>"namespace/name", or "name" for cluster-scoped objects.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
