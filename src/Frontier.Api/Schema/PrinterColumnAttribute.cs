namespace Frontier.Api.Schema;

/// <summary>
/// A column of <c>kubectl get</c> (<c>additionalPrinterColumns</c>), in declaration order. Declaring any
/// column replaces kubectl's default Age column, so declare Age too.
/// </summary>
/// <param name="name">Column heading.</param>
/// <param name="jsonPath">JSONPath into the object, e.g. <c>.spec.model</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(string name, string jsonPath) : Attribute
{
    /// <summary>Column heading.</summary>
    public string Name { get; } = name;

    /// <summary>JSONPath into the object.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>How kubectl formats the value; string by default.</summary>
    public PrinterColumnType Type { get; set; } = PrinterColumnType.String;

    /// <summary>Shown by <c>kubectl explain</c>-style tools; defaults to the description of the field a plain dotted path points at.</summary>
    public string? Description { get; set; }

    /// <summary>0 shows the column always; higher only with <c>-o wide</c>.</summary>
    public int Priority { get; set; }
}
