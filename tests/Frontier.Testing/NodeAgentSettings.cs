using System.Globalization;

namespace Frontier.Testing;

/// <summary>How <c>cluster.sh start</c> runs the node agent (tests/Frontier.NodeAgent) of a <see cref="NodeAgentCluster"/>.</summary>
public sealed record NodeAgentSettings
{
    /// <summary>The agent's assembly, beside a test assembly that references tests/Frontier.NodeAgent.</summary>
    public const string AssemblyName = "frontier-node-agent";

    /// <summary>The Node's <c>nvidia.com/gpu</c> capacity (the agent's default: 8).</summary>
    public int Gpus { get; init; } = 8;

    /// <summary>The first crash back-off; null keeps the kubelet's 10 s.</summary>
    public TimeSpan? RestartBackoff { get; init; }

    /// <summary>More arguments for the agent (see its usage), e.g. <c>--max-pods=20</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The options of <c>cluster.sh start</c> that carry these settings.</summary>
    public IEnumerable<string> StartArguments()
    {
        yield return "--gpus=" + Gpus.ToString(CultureInfo.InvariantCulture);
        if (RestartBackoff is { } backoff)
            yield return "--node-agent-arg=--restart-backoff=" + ((int)backoff.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        foreach (var argument in ExtraArguments) yield return "--node-agent-arg=" + argument;
    }
}
