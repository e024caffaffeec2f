using Frontier.Api.Schema;
using Microsoft.Extensions.Configuration;

namespace Frontier.Gateway;

/// <summary>
/// Gateway settings (section "Gateway" of the configuration: command-line flags, or environment variables such as
/// Gateway__QueueWait). Durations take the CRDs' format ("500ms", "2s", "5m", "1h") or .NET's ("00:00:02").
/// </summary>
public sealed class GatewayOptions
{
    private static readonly (string Key, string Flag)[] DurationKeys =
    [
        (nameof(QueueWait), "--queue-wait"), (nameof(ConnectTimeout), "Gateway:ConnectTimeout"),
        (nameof(ActivityTimeout), "Gateway:ActivityTimeout"), (nameof(ReloadDebounce), "Gateway:ReloadDebounce"),
        (nameof(ServerLoadInterval), "--server-load-interval"),
        ($"{nameof(OutlierDetection)}:{nameof(OutlierDetectionOptions.BaseEjectionTime)}", "--base-ejection-time"),
        ($"{nameof(OutlierDetection)}:{nameof(OutlierDetectionOptions.MaxEjectionTime)}", "--max-ejection-time"),
    ];

    private static readonly (string Key, string Flag)[] CountKeys =
    [
        ($"{nameof(OutlierDetection)}:{nameof(OutlierDetectionOptions.Consecutive5xx)}", "--consecutive-5xx"),
        ($"{nameof(OutlierDetection)}:{nameof(OutlierDetectionOptions.ConsecutiveConnectFailures)}", "--consecutive-connect-failures"),
        ($"{nameof(OutlierDetection)}:{nameof(OutlierDetectionOptions.MaxEjectionPercent)}", "--max-ejection-percent"),
        (nameof(GatewayReplicas), "--gateway-replicas"),
    ];

    /// <summary>Reads and checks the settings; throws <see cref="GatewayOptionsException"/> naming the flag that is wrong.</summary>
    public static GatewayOptions From(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        // --server-load-interval 0 turns the scraper off; every other duration must be positive.
        var serverLoadOff = section[nameof(ServerLoadInterval)] is "0" or "0s" or "0ms" or "00:00:00";
        if (serverLoadOff) section[nameof(ServerLoadInterval)] = null;
        try
        {
            Durations.NormalizeSettings(section, DurationKeys);
        }
        catch (FormatException e)
        {
            throw new GatewayOptionsException(e.Message);
        }
        foreach (var (key, flag) in CountKeys)
        {
            if (section[key] is { } text && !int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
                throw new GatewayOptionsException($"{flag}: '{text}' is not a whole number");
        }
        var options = new GatewayOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new GatewayOptionsException($"{e.Message} {e.InnerException?.Message}".Trim());
        }
        if (serverLoadOff) options.ServerLoadInterval = TimeSpan.Zero;
        if (options.MaxBodyBytes <= 0) throw new GatewayOptionsException($"--max-body-bytes: must be > 0, got {options.MaxBodyBytes}");
        if (options.MaxUsageCaptureBytes <= 0) throw new GatewayOptionsException($"Gateway:MaxUsageCaptureBytes: must be > 0, got {options.MaxUsageCaptureBytes}");
        if (options.GatewayReplicas < 1) throw new GatewayOptionsException($"--gateway-replicas: must be >= 1 (the number of gateway replicas sharing each Pod's cap), got {options.GatewayReplicas}");
        if (options.OutlierDetection.Problems().FirstOrDefault() is { } problem) throw new GatewayOptionsException(problem);
        return options;
    }

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

    /// <summary>When a failing backend is ejected and for how long.</summary>
    public OutlierDetectionOptions OutlierDetection { get; set; } = new();

    /// <summary>Connect timeout towards backends. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time to wait for a backend's response headers and between body reads. Default 10 minutes.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the routes file must stay unchanged before it is reread. Default 200 ms.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest JSON response parsed for usage (bytes). Default 1 MiB.</summary>
    public int MaxUsageCaptureBytes { get; set; } = 1024 * 1024;

    /// <summary>How many gateway replicas send to the same Pods. Each takes at most concurrencyPerReplica / this (at
    /// least 1) of a Pod's cap for its own requests, so together they never exceed the cap whatever the timing; the
    /// server-load signal still counts load this gateway does not know of. Default 1.</summary>
    public int GatewayReplicas { get; set; } = 1;

    /// <summary>How often each backend's /metrics is read for its running + waiting requests (the server-load signal);
    /// zero turns it off. Default 250 ms.</summary>
    public TimeSpan ServerLoadInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
