namespace Frontier.Gateway;

/// <summary>Gateway settings (section "Gateway" of the configuration, or command-line flags).</summary>
public sealed class GatewayOptions
{
    /// <summary>ModelRoute YAML file (standalone mode); reloaded when it changes.</summary>
    public string? RoutesFile { get; set; }

    /// <summary>Kubeconfig path (Kubernetes mode).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Use the in-cluster service account (Kubernetes mode without a kubeconfig).</summary>
    public bool InCluster { get; set; }

    /// <summary>Watch ModelRoutes in this namespace only; all namespaces when empty.</summary>
    public string? Namespace { get; set; }

    /// <summary>Longest request body accepted (bytes); larger gets 413. Default 4 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a request waits for a slot when every candidate is full, before 429. Default 2 s.</summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a failed backend is skipped while others have room. Default 10 s.</summary>
    public TimeSpan DownFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect timeout towards backends. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time to wait for a backend's response headers and between body reads. Default 10 minutes.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the routes file must stay unchanged before it is reread. Default 200 ms.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest JSON response parsed for usage (bytes). Default 1 MiB.</summary>
    public int MaxUsageCaptureBytes { get; set; } = 1024 * 1024;
}
