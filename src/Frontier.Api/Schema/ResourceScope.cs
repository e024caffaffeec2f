namespace Frontier.Api.Schema;

/// <summary>Whether a kind's objects live in a namespace.</summary>
public enum ResourceScope
{
    /// <summary>Objects live in a namespace.</summary>
    Namespaced,

    /// <summary>Objects are cluster-wide.</summary>
    Cluster,
}
