using k8s;
using k8s.Models;

namespace Frontier.Runtime.Tests;

/// <summary>A tiny custom resource for the tests (runtime.frontier.dev/v1 Widget).</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "runtime.frontier.dev";
    public const string Version = "v1";
    public const string Plural = "widgets";

    public static readonly ResourceType Type = new(Group, Version, Plural, Namespaced: true);

    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    public string Kind { get; set; } = "Widget";

    public V1ObjectMeta Metadata { get; set; } = new();

    public WidgetSpec Spec { get; set; } = new();

    public WidgetStatus? Status { get; set; }

    public static Widget Create(string? ns, string name, string resourceVersion = "1", int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion },
        Spec = new WidgetSpec { Size = size },
    };
}

public sealed class WidgetSpec
{
    public int Size { get; set; }

    public string? Color { get; set; }
}

public sealed class WidgetStatus
{
    public string? Phase { get; set; }

    public string? Message { get; set; }

    public long? ObservedGeneration { get; set; }

    public List<V1Condition>? Conditions { get; set; }

    public WidgetStatusDetail? Detail { get; set; }
}

public sealed class WidgetStatusDetail
{
    public int? Replicas { get; set; }

    public string? Note { get; set; }
}
