namespace Frontier.Api.Schema;

/// <summary>The kind's plural resource name (<c>spec.names.plural</c>), lower case; the CRD is named plural.group.</summary>
/// <param name="plural">E.g. gpuprofiles.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PluralAttribute(string plural) : Attribute
{
    /// <summary>The plural name.</summary>
    public string Plural { get; } = plural;
}
