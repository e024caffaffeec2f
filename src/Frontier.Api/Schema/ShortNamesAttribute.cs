namespace Frontier.Api.Schema;

/// <summary>Short names kubectl accepts for the kind (<c>spec.names.shortNames</c>).</summary>
/// <param name="names">Lower-case short names.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    /// <summary>The short names.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
