namespace Frontier.Runtime;

/// <summary>The result of a full list: the items and the resourceVersion to start watching from.</summary>
/// <typeparam name="T">The resource type.</typeparam>
/// <param name="Items">Every object that matched.</param>
/// <param name="ResourceVersion">The list's resourceVersion (a consistent snapshot).</param>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
