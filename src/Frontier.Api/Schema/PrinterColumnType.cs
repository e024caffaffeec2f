namespace Frontier.Api.Schema;

/// <summary>The type of a <see cref="PrinterColumnAttribute"/> column, which decides how kubectl formats it.</summary>
public enum PrinterColumnType
{
    /// <summary>Printed as is.</summary>
    String,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An RFC 3339 timestamp, printed as an age (e.g. 5m).</summary>
    Date,
}
