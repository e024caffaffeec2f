using k8s.Models;

namespace Frontier.Api.Schema;

/// <summary>
/// The schema of a standard <c>metav1.Condition</c>, as lists of them appear under <c>status.conditions</c>
/// (keyed by type). Only type and status are required, and reason is not pattern-checked, so an
/// operator writing a partial condition is not rejected.
/// </summary>
internal static class ConditionSchema
{
    public static V1JSONSchemaProps Item() => new()
    {
        Type = "object",
        Description = "One aspect of the object's current state.",
        Properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["lastTransitionTime"] = new() { Type = "string", Format = "date-time", Description = "When the condition last changed from one status to another." },
            ["message"] = new() { Type = "string", Description = "Human-readable details of the transition." },
            ["observedGeneration"] = new() { Type = "integer", Format = "int64", Minimum = 0, Description = "The .metadata.generation the condition was set for." },
            ["reason"] = new() { Type = "string", Description = "CamelCase reason for the condition's last transition." },
            ["status"] = new() { Type = "string", EnumProperty = ["True", "False", "Unknown"], Description = "True, False or Unknown." },
            ["type"] = new() { Type = "string", Description = "Condition type in CamelCase, e.g. Ready or Valid." },
        },
        Required = ["status", "type"],
    };
}
