namespace Frontier.Operator;

/// <summary>Settings of one operator process (command line, environment or appsettings, section "Frontier").
/// Durations take the CRDs' format ("30s", "5m") or .NET's ("00:00:30").</summary>
public sealed class OperatorOptions
{
    /// <summary>The duration settings, with the names a user writes them by.</summary>
    public static readonly (string Key, string Name)[] DurationKeys =
    [
        (nameof(DefaultInterval), "Frontier:DefaultInterval"), (nameof(LeaseDuration), "Frontier:LeaseDuration"),
        (nameof(RenewDeadline), "Frontier:RenewDeadline"), (nameof(RetryPeriod), "Frontier:RetryPeriod"),
    ];

    /// <summary>Namespace to watch for ModelBenchmarks and ModelRoutes; empty watches all namespaces.</summary>
    public string? WatchNamespace { get; set; }

    /// <summary>Prometheus base URL used when a route does not name its own (spec.metrics.prometheusUrl).</summary>
    public string? PrometheusUrl { get; set; }

    /// <summary>Re-plan period of a route that does not set spec.interval.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Name of the Lease used for leader election.</summary>
    public string LeaseName { get; set; } = "frontier-operator";

    /// <summary>Namespace of the Lease (the operator's own namespace).</summary>
    public string LeaseNamespace { get; set; } = "default";

    /// <summary>This replica's identity in the Lease; defaults to the host name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>Lease duration (how long a dead leader blocks a successor).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Period of lease renewal and acquisition attempts.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconcile workers per controller.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Path of a kubeconfig; empty uses in-cluster config, then the default kubeconfig.</summary>
    public string? Kubeconfig { get; set; }
}
