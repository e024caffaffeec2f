namespace Frontier.Api.Schema;

/// <summary>Fewest items a list field may hold (<c>minItems</c>).</summary>
/// <param name="count">The least number of items.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class MinItemsAttribute(int count) : Attribute
{
    /// <summary>The least number of items.</summary>
    public int Count { get; } = count;
}
