using System.Diagnostics;
using k8s;

namespace Frontier.Testing;

/// <summary>
/// etcd + kube-apiserver + kube-controller-manager (Kubernetes 1.20.2) on 127.0.0.1, started by
/// <c>tests/cluster/cluster.sh start</c> in a fresh temporary directory and stopped on dispose.
/// No node: pods stay Pending (<see cref="NodeAgentCluster"/> has one, whose pods run). Use as an xunit
/// class or collection fixture (see <see cref="TestCollections"/>), or call <see cref="StartAsync"/> yourself.
/// </summary>
/// <remarks>
/// The processes outlive a crashed test host only briefly: the script's watchdog stops them once
/// this process is gone. Set FRONTIER_KEEP_CLUSTER=1 to keep the directory (logs, PKI) after
/// dispose; it is always kept when the start fails, and its path is in the exception.
/// </remarks>
public class LocalApiServerCluster : IKubeCluster, IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private IKubernetes? client;
    private KubernetesClientConfiguration? config;
    private bool started;

    public LocalApiServerCluster()
        : this(nodeAgent: null)
    {
    }

    /// <param name="nodeAgent">The node agent's settings; null starts the cluster without one (no node: pods stay Pending).</param>
    protected LocalApiServerCluster(NodeAgentSettings? nodeAgent)
    {
        NodeAgent = nodeAgent;
        // Created by `cluster.sh start`, so a fixture that never starts leaves nothing behind.
        Directory = Path.Combine(Path.GetTempPath(), "frontier-kube-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The node agent's settings; null when the cluster has no node.</summary>
    public NodeAgentSettings? NodeAgent { get; }

    public string Kind => "local-apiserver";

    /// <summary>The cluster directory (under the temp folder): kubeconfig, cluster.env, pki/, logs/, etcd/.</summary>
    public string Directory { get; }

    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    public string LogDirectory => Path.Combine(Directory, "logs");

    public IKubernetes Client => client ?? throw NotStarted();

    public KubernetesClientConfiguration Config => config ?? throw NotStarted();

    /// <summary>The contents of DIR/cluster.env (ports, PIDs, binary paths, admin token).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    public int ApiServerPort => int.Parse(Environment["FRONTIER_APISERVER_PORT"]);

    public Uri ApiServerUri => new($"https://127.0.0.1:{ApiServerPort}");

    /// <summary>A static bearer token of the same admin (tokens.csv), for token-auth tests.</summary>
    public string AdminToken => Environment["FRONTIER_ADMIN_TOKEN"];

    /// <summary>How long `cluster.sh start` took (PKI, etcd, apiserver /readyz, controller-manager).</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Starts a cluster outside xunit's fixture machinery.</summary>
    public static async Task<LocalApiServerCluster> StartAsync()
    {
        var cluster = new LocalApiServerCluster();
        await cluster.InitializeAsync();
        return cluster;
    }

    public async Task InitializeAsync()
    {
        string[] nodeArgs = NodeAgent is null ? ["--no-node-agent"] : [.. NodeAgent.StartArguments()];
        var result = await ClusterScript.RunAsync(["start", Directory, .. nodeArgs], StartEnvironment(), StartTimeout);
        if (result.ExitCode == ClusterScript.NotInstalledExitCode)
            throw new InvalidOperationException($"{ClusterScript.NotInstalledHint}\n{result.Output}");
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"`cluster.sh start` failed with exit code {result.ExitCode}; logs kept in {LogDirectory}\n{result.Output}");
        started = true;
        StartDuration = result.Duration;
        LoadEnvironment();
        config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        client = new Kubernetes(config);
    }

    /// <summary>Another client from the same admin configuration (its own connection pool).</summary>
    public IKubernetes CreateClient() => new Kubernetes(Config);

    public async Task RestartApiServerAsync()
    {
        await StopApiServerAsync();
        await StartApiServerAsync();
    }

    /// <summary>Stops kube-apiserver only (etcd and the controller-manager keep running).</summary>
    public async Task StopApiServerAsync()
    {
        EnsureStarted();
        (await ClusterScript.RunAsync(["stop-apiserver", Directory], timeout: TimeSpan.FromSeconds(60))).EnsureSuccess();
    }

    /// <summary>Starts kube-apiserver again with the same flags and port; returns once /readyz is ok.</summary>
    public async Task StartApiServerAsync()
    {
        EnsureStarted();
        (await ClusterScript.RunAsync(["start-apiserver", Directory], timeout: TimeSpan.FromSeconds(120))).EnsureSuccess();
        LoadEnvironment();
    }

    /// <summary>`cluster.sh status DIR`: which processes run, with their resident memory.</summary>
    public Task<ToolResult> StatusAsync() => ClusterScript.RunAsync(["status", Directory]);

    public Kubectl Kubectl() => new(this);

    public Helm Helm() => new(this);

    public async Task DisposeAsync()
    {
        client?.Dispose();
        client = null;
        if (!System.IO.Directory.Exists(Directory)) return;
        var stop = await ClusterScript.RunAsync(["stop", Directory], timeout: TimeSpan.FromSeconds(60));
        var keep = System.Environment.GetEnvironmentVariable("FRONTIER_KEEP_CLUSTER") == "1";
        if (stop.Succeeded && started && !keep)
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        if (!stop.Succeeded) throw new InvalidOperationException($"stopping the cluster in {Directory} failed:\n{stop.Output}");
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public override string ToString() => $"{Kind} {(started ? ApiServerUri.ToString() : "(not started)")} in {Directory}";

    protected void LoadEnvironment() =>
        Environment = ClusterScript.ParseEnv(File.ReadAllText(Path.Combine(Directory, "cluster.env")));

    // The owner's PID binds the cluster to this process; the node agent beside the tests (where a ProjectReference
    // puts it) is the one built with them, so cluster.sh runs that one.
    private static Dictionary<string, string?> StartEnvironment()
    {
        var environment = new Dictionary<string, string?> { ["FRONTIER_CLUSTER_OWNER_PID"] = System.Environment.ProcessId.ToString() };
        var agent = Path.Combine(AppContext.BaseDirectory, NodeAgentSettings.AssemblyName + ".dll");
        if (File.Exists(agent)) environment["FRONTIER_NODE_AGENT_DLL"] = agent;
        return environment;
    }

    protected void EnsureStarted()
    {
        if (!started) throw NotStarted();
    }

    private InvalidOperationException NotStarted() =>
        new($"the cluster in {Directory} is not started (InitializeAsync was not called or failed)");
}
