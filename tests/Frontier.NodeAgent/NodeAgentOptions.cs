using System.Globalization;
using Frontier.Api.Schema;
using Frontier.NodeAgent.Kubelet;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace Frontier.NodeAgent;

/// <summary>The agent's command line.</summary>
internal sealed class NodeAgentOptions
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: frontier-node-agent --kubeconfig FILE --dir CLUSTER_DIR [--repo-root DIR] [--images FILE] [--image-root DIR]\n" +
        "                           [--node-name NAME] [--gpus N] [--cpu Q] [--memory Q] [--max-pods N]\n" +
        "                           [--pod-network 127.X.0.0/16] [--heartbeat 10s] [--lease-duration 40s]\n" +
        "                           [--status-interval 1m] [--restart-backoff 10s] [--max-restart-backoff 5m]\n" +
        "                           [--token-lifetime 1h]";

    private static readonly string[] Known =
    [
        "kubeconfig", "dir", "repo-root", "images", "image-root", "node-name", "gpus", "max-pods", "cpu", "memory", "pod-network", "heartbeat",
        "lease-duration", "status-interval", "restart-backoff", "max-restart-backoff", "token-lifetime",
    ];

    /// <summary>The cluster's admin kubeconfig.</summary>
    public string Kubeconfig { get; private set; } = string.Empty;

    /// <summary>The cluster directory of <c>cluster.sh start</c>: pods/ (logs, service-account files) and the ready file go there.</summary>
    public string ClusterDirectory { get; private set; } = string.Empty;

    /// <summary>The repository root; the image map's paths are relative to it.</summary>
    public string RepoRoot { get; private set; } = string.Empty;

    /// <summary>The image map (default REPO/tests/Frontier.NodeAgent/images.json).</summary>
    public string ImagesFile { get; private set; } = string.Empty;

    /// <summary>A directory of image bundles (NAME/rootfs + NAME/image.json, from <c>images.sh unpack</c>); an image with a bundle runs from its layers. Null: the image map only.</summary>
    public string? ImageRoot { get; private set; }

    /// <summary>The Node's name.</summary>
    public string NodeName { get; private set; } = "frontier-node";

    /// <summary>Capacity of <c>nvidia.com/gpu</c>.</summary>
    public int Gpus { get; private set; } = 8;

    /// <summary>Capacity of <c>cpu</c>; the machine's processor count by default.</summary>
    public ResourceQuantity Cpu { get; private set; } = new(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));

    /// <summary>Capacity of <c>memory</c>; the machine's MemTotal by default.</summary>
    public ResourceQuantity Memory { get; private set; } = HostMemory();

    /// <summary>Capacity of <c>pods</c>.</summary>
    public int MaxPods { get; private set; } = 110;

    /// <summary>The 127.X.0.0/16 the pod IPs come from; null picks an unused X at start.</summary>
    public string? PodNetwork { get; private set; }

    /// <summary>How often the node Lease is renewed (the kubelet's 10 s).</summary>
    public TimeSpan Heartbeat { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>The node Lease's duration (the kubelet's 40 s).</summary>
    public TimeSpan LeaseDuration { get; private set; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the Node's status is posted when nothing changed.</summary>
    public TimeSpan StatusInterval { get; private set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first crash back-off (the kubelet's 10 s); it doubles per restart.</summary>
    public TimeSpan RestartBackoff { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest crash back-off (the kubelet's 5 minutes).</summary>
    public TimeSpan MaxRestartBackoff { get; private set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of the service-account tokens the agent requests (refreshed at 80 %).</summary>
    public TimeSpan TokenLifetime { get; private set; } = TimeSpan.FromHours(1);

    /// <summary>DIR/pods: one directory per pod.</summary>
    public string PodsDirectory => Path.Combine(ClusterDirectory, "pods");

    /// <summary>Written once the Node is Ready and the pod watches have synced; removed on exit.</summary>
    public string ReadyFile => Path.Combine(ClusterDirectory, "node-agent.ready");

    /// <summary>Parses the command line (<c>--name value</c> or <c>--name=value</c>); throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public static NodeAgentOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        IConfiguration line;
        try
        {
            line = new ConfigurationBuilder().AddCommandLine([.. args]).Build();
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message);
        }
        if (line.AsEnumerable().Select(kv => kv.Key).FirstOrDefault(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw new ArgumentException($"unknown argument: --{unknown}");
        // The configuration reader skips what it cannot read; this is the check that nothing was skipped.
        for (var i = 0; i < args.Count; i += args[i].Contains('=', StringComparison.Ordinal) ? 1 : 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument: {args[i]}");
            if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 >= args.Count) throw new ArgumentException($"{args[i]}: missing value");
        }

        var o = new NodeAgentOptions();
        string? Text(string name) => line[name] is { } value && value.Length > 0 ? value : null;
        T Setting<T>(string name, T current, Func<string, string, T> parse) => Text(name) is { } value ? parse("--" + name, value) : current;
        o.Kubeconfig = Text("kubeconfig") ?? throw new ArgumentException("--kubeconfig is required");
        o.ClusterDirectory = Path.GetFullPath(Text("dir") ?? throw new ArgumentException("--dir is required (the cluster directory)"));
        o.NodeName = Text("node-name") ?? o.NodeName;
        o.PodNetwork = Text("pod-network");
        o.Gpus = Setting("gpus", o.Gpus, (n, v) => Int(n, v, 0));
        o.MaxPods = Setting("max-pods", o.MaxPods, (n, v) => Int(n, v, 1));
        o.Cpu = Setting("cpu", o.Cpu, Quantity);
        o.Memory = Setting("memory", o.Memory, Quantity);
        o.Heartbeat = Setting("heartbeat", o.Heartbeat, Duration);
        o.LeaseDuration = Setting("lease-duration", o.LeaseDuration, Duration);
        o.StatusInterval = Setting("status-interval", o.StatusInterval, Duration);
        o.RestartBackoff = Setting("restart-backoff", o.RestartBackoff, Duration);
        o.MaxRestartBackoff = Setting("max-restart-backoff", o.MaxRestartBackoff, Duration);
        o.TokenLifetime = Setting("token-lifetime", o.TokenLifetime, Duration);
        if (o.Heartbeat >= o.LeaseDuration) throw new ArgumentException("--heartbeat: must be shorter than --lease-duration");
        if (o.MaxRestartBackoff < o.RestartBackoff) throw new ArgumentException("--max-restart-backoff: must be >= --restart-backoff");
        if (o.TokenLifetime < TimeSpan.FromMinutes(10)) throw new ArgumentException("--token-lifetime: the API server issues tokens of 10m or longer");
        o.RepoRoot = Path.GetFullPath(Text("repo-root") ?? FindRepoRoot());
        o.ImagesFile = Path.GetFullPath(Text("images") ?? Path.Combine(o.RepoRoot, "tests", "Frontier.NodeAgent", "images.json"));
        o.ImageRoot = Text("image-root") is { } imageRoot ? Path.GetFullPath(imageRoot) : null;
        if (o.PodNetwork is not null) PodIpAllocator.ParseNetwork(o.PodNetwork);
        return o;
    }

    private static int Int(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : throw new ArgumentException($"{name}: expected an integer >= {min}, got '{text}'");

    private static TimeSpan Duration(string name, string text) =>
        Durations.TryParseSetting(text, out var value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a positive duration; use e.g. 500ms, 10s, 5m or 1h");

    private static ResourceQuantity Quantity(string name, string text)
    {
        try
        {
            var quantity = new ResourceQuantity(text);
            return quantity.ToDecimal() > 0 ? quantity : throw new FormatException("not positive");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"{name}: '{text}' is not a positive quantity; use e.g. 4, 500m, 16Gi");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln"))) return dir.FullName;
        }
        throw new ArgumentException($"--repo-root: no Operator.sln above {AppContext.BaseDirectory}; name the repository root");
    }

    private static ResourceQuantity HostMemory()
    {
        // /proc/meminfo: "MemTotal:       24683852 kB".
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var n, ..] ? n : "16777216";
        return new ResourceQuantity(kib + "Ki");
    }
}
