namespace Frontier.Testing;

/// <summary>
/// A <see cref="LocalApiServerCluster"/> with a node: the node agent (tests/Frontier.NodeAgent) registers Node
/// <see cref="NodeName"/>, schedules pods onto it and runs their containers as processes on loopback, one
/// 127.X.Y.Z per pod, from the images its image map knows (frontier-simulator, frontier-gateway,
/// frontier-operator, frontier-shell). The test assembly should reference tests/Frontier.NodeAgent (so the agent
/// is built with it) and the projects whose images its pods run. Use as an xunit fixture like the base class;
/// derive and pass other <see cref="NodeAgentSettings"/> to change the node.
/// </summary>
public class NodeAgentCluster : LocalApiServerCluster
{
    public NodeAgentCluster()
        : this(new NodeAgentSettings())
    {
    }

    protected NodeAgentCluster(NodeAgentSettings settings)
        : base(settings ?? throw new ArgumentNullException(nameof(settings)))
    {
    }

    /// <summary>The Node's name.</summary>
    public string NodeName => Environment["FRONTIER_NODE_NAME"];

    /// <summary>The 127.X.0.0/16 the pods' IPs come from.</summary>
    public string PodNetwork => Environment["FRONTIER_POD_NETWORK"];

    /// <summary>DIR/pods/NAMESPACE_POD: the pod's container logs (CONTAINER.log), pid files while they run, home, volumes.</summary>
    public string PodDirectory(string @namespace, string pod) => Path.Combine(Environment["FRONTIER_PODS_DIR"], $"{@namespace}_{pod}");

    /// <summary>Everything container <paramref name="container"/> of the pod wrote, every start appended after a header line; empty before it ran.</summary>
    public string PodLog(string @namespace, string pod, string container)
    {
        var path = Path.Combine(PodDirectory(@namespace, pod), container + ".log");
        if (!File.Exists(path)) return string.Empty;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    /// <summary>The PID of the container's process while it runs (its pid file), else null.</summary>
    public int? ContainerPid(string @namespace, string pod, string container)
    {
        var path = Path.Combine(PodDirectory(@namespace, pod), container + ".pid");
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Stops the node agent (its pods' processes stop with it; the Node and Pod objects stay).</summary>
    public async Task StopNodeAgentAsync()
    {
        EnsureStarted();
        (await ClusterScript.RunAsync(["stop-node-agent", Directory], timeout: TimeSpan.FromSeconds(60))).EnsureSuccess();
    }

    /// <summary>Starts the node agent again; returns once its Node is Ready.</summary>
    public async Task StartNodeAgentAsync()
    {
        EnsureStarted();
        (await ClusterScript.RunAsync(["start-node-agent", Directory], timeout: TimeSpan.FromSeconds(120))).EnsureSuccess();
        LoadEnvironment();
    }
}
