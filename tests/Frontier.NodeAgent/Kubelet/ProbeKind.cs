namespace Frontier.NodeAgent.Kubelet;

/// <summary>The three probes of a container.</summary>
internal enum ProbeKind
{
    /// <summary>Holds the other two back until it passes; failing it restarts the container.</summary>
    Startup,

    /// <summary>Drives the container's (and so the pod's) Ready condition.</summary>
    Readiness,

    /// <summary>Failing it restarts the container.</summary>
    Liveness,
}
