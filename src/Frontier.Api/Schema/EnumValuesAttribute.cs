namespace Frontier.Api.Schema;

/// <summary>The only values a string field may take (<c>enum</c> in the CRD schema).</summary>
/// <param name="values">The allowed values, in the order the schema lists them.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class EnumValuesAttribute(params string[] values) : Attribute
{
    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values { get; } = values;
}
