namespace Frontier.NodeAgent.Kubelet;

/// <summary>What <see cref="ImageBundle.Find"/> found under the agent's --image-root.</summary>
internal enum BundleLookup
{
    /// <summary>No bundle for the image: the build map decides.</summary>
    Absent,

    /// <summary>A bundle the container runs from.</summary>
    Found,

    /// <summary>A bundle directory that cannot be used (the error says why).</summary>
    Broken,
}
