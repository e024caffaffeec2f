namespace Frontier.Api.Schema;

/// <summary>
/// Exactly one of the named properties must be set. Emitted as <c>oneOf</c> with one <c>required</c>
/// entry per property, which a structural schema allows (Kubernetes 1.20 included).
/// </summary>
/// <param name="properties">C# property names of the alternatives.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ExactlyOneOfAttribute(params string[] properties) : Attribute
{
    /// <summary>C# property names of the alternatives.</summary>
    public IReadOnlyList<string> Properties { get; } = properties;
}
