namespace Frontier.NodeAgent.Kubelet;

/// <summary>What the agent set up for one pod before its containers start.</summary>
/// <param name="PodIp">The pod's own loopback address (status.podIP); its processes listen there.</param>
/// <param name="HostIp">The node's address (status.hostIP).</param>
/// <param name="NodeName">The node the pod is bound to.</param>
/// <param name="Directory">DIR/pods/NAMESPACE_NAME: logs, home, emptyDir volumes.</param>
/// <param name="ServiceAccountDirectory">token, ca.crt and namespace, bind-mounted at
/// /var/run/secrets/kubernetes.io/serviceaccount; null when the pod does not automount a token.</param>
/// <param name="ApiServerHost">KUBERNETES_SERVICE_HOST: the API server's real loopback address (there is no kube-proxy).</param>
/// <param name="ApiServerPort">KUBERNETES_SERVICE_PORT.</param>
internal sealed record PodSandbox(
    string PodIp,
    string HostIp,
    string NodeName,
    string Directory,
    string? ServiceAccountDirectory,
    string ApiServerHost,
    int ApiServerPort)
{
    /// <summary>Where Kubernetes mounts a pod's service-account files.</summary>
    public const string ServiceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>HOME of the pod's processes (so nothing they write lands in the host user's home).</summary>
    public string Home => Path.Combine(Directory, "home");

    /// <summary>The directory backing emptyDir volume <paramref name="name"/>.</summary>
    public string EmptyDir(string name) => Path.Combine(Directory, "volumes", name);

    /// <summary>DIR/pods/NS_POD/CONTAINER.log</summary>
    public string LogFile(string container) => Path.Combine(Directory, container + ".log");

    /// <summary>DIR/pods/NS_POD/CONTAINER.pid while the container's process runs.</summary>
    public string PidFile(string container) => Path.Combine(Directory, container + ".pid");
}
