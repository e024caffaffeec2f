namespace Frontier.Api.Schema;

/// <summary>The field must be present: it is listed in its object's <c>required</c> in the CRD schema.</summary>
/// <remarks>Properties of non-nullable value types are required without this attribute.</remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class RequiredAttribute : Attribute
{
}
