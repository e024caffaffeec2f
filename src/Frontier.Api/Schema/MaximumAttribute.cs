namespace Frontier.Api.Schema;

/// <summary>Upper bound of a number or integer field: <c>maximum</c>, with <c>exclusiveMaximum: true</c> when <see cref="Exclusive"/>.</summary>
/// <param name="value">The bound.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class MaximumAttribute(double value) : Attribute
{
    /// <summary>The bound.</summary>
    public double Value { get; } = value;

    /// <summary>True when the bound itself is not allowed (value &lt; bound).</summary>
    public bool Exclusive { get; set; }
}
