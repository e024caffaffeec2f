namespace Frontier.Api.Schema;

/// <summary>
/// A list of objects identified by key fields (<c>x-kubernetes-list-type: map</c> with
/// <c>x-kubernetes-list-map-keys</c>): the API server rejects two items with the same keys, and
/// server-side apply merges items by key. Each key must be a required scalar field of the item.
/// </summary>
/// <param name="keys">C# property names of the item's key fields.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    /// <summary>C# property names of the key fields.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}
