namespace Frontier.Api.Schema;

/// <summary>The CRD's <c>spec.scope</c>.</summary>
/// <param name="scope">Cluster or Namespaced.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ResourceScopeAttribute(ResourceScope scope) : Attribute
{
    /// <summary>Cluster or Namespaced.</summary>
    public ResourceScope Scope { get; } = scope;
}
