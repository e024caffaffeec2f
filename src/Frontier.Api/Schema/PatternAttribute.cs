namespace Frontier.Api.Schema;

/// <summary>
/// A regular expression a string field must match somewhere (<c>pattern</c>; anchor it with ^ and $ to
/// match the whole value). The API server evaluates it with Go's RE2, so keep to syntax RE2, ECMA-262
/// and .NET share; <see cref="SchemaPatterns"/> holds the ones in use.
/// </summary>
/// <param name="regex">The expression.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class PatternAttribute(string regex) : Attribute
{
    /// <summary>The expression.</summary>
    public string Regex { get; } = regex;
}
