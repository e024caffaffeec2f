namespace Frontier.Api.Schema;

/// <summary>Groups the kind belongs to (<c>spec.names.categories</c>), so <c>kubectl get CATEGORY</c> lists it.</summary>
/// <param name="categories">Lower-case category names.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CategoriesAttribute(params string[] categories) : Attribute
{
    /// <summary>The categories.</summary>
    public IReadOnlyList<string> Categories { get; } = categories;
}
