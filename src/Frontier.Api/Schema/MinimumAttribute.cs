namespace Frontier.Api.Schema;

/// <summary>Lower bound of a number or integer field: <c>minimum</c>, with <c>exclusiveMinimum: true</c> when <see cref="Exclusive"/>.</summary>
/// <param name="value">The bound.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class MinimumAttribute(double value) : Attribute
{
    /// <summary>The bound.</summary>
    public double Value { get; } = value;

    /// <summary>True when the bound itself is not allowed (value &gt; bound).</summary>
    public bool Exclusive { get; set; }
}
