using k8s;

namespace Frontier.Testing;

/// <summary>A Kubernetes API server a test can talk to: the local kube-apiserver started by
/// <c>tests/cluster/cluster.sh</c> (<see cref="LocalApiServerCluster"/>) or k3s in Docker
/// (<see cref="K3sCluster"/>).</summary>
public interface IKubeCluster
{
    /// <summary>A client authenticated as cluster admin (system:masters).</summary>
    IKubernetes Client { get; }

    /// <summary>Path of a kubeconfig (mode 0600) for the same admin; give it to kubectl, helm or
    /// the operator under test.</summary>
    string KubeconfigPath { get; }

    /// <summary>The configuration <see cref="Client"/> was built from; build more clients from it.</summary>
    KubernetesClientConfiguration Config { get; }

    /// <summary>Stops the API server and starts it again on the same address, keeping the stored
    /// objects; returns once it answers /readyz again. Throws <see cref="NotSupportedException"/>
    /// where the API server cannot be restarted on its own (k3s).</summary>
    Task RestartApiServerAsync();

    /// <summary>"local-apiserver" or "k3s".</summary>
    string Kind { get; }
}
