using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;

namespace Frontier.Simulator;

/// <summary>
/// The metrics a real vLLM server and NVIDIA's DCGM exporter publish, with their names and labels, in a
/// registry of this simulator's own. Gauges are refreshed from the replica pool at every scrape.
/// </summary>
public sealed class SimulatorMetrics
{
    private static readonly double[] TtftBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] E2eBuckets = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0];

    /// <summary>
    /// prometheus-net only accepts [a-zA-Z0-9_] in names, but vLLM's have a colon; the vLLM metrics are
    /// registered under this prefix and <see cref="ExportAsync"/> writes it back as "vllm:".
    /// </summary>
    private const string Vllm = "frontier_sim_vllm_colon_";

    private static readonly Regex VllmPrefix = new("^(# (?:HELP|TYPE) )?" + Vllm, RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private readonly string _model;
    private readonly Gauge _running;
    private readonly Gauge _waiting;
    private readonly Counter _success;
    private readonly Counter _promptTokens;
    private readonly Counter _generationTokens;
    private readonly Histogram _ttft;
    private readonly Histogram _e2e;
    private readonly Gauge _gpuUtil;
    private readonly Gauge _power;
    private readonly Gauge _fbUsed;
    private readonly Gauge _peak;

    /// <summary>Creates the metrics and hooks the gauges to <paramref name="pool"/>.</summary>
    public SimulatorMetrics(string servedModel, ReplicaPool pool, LatencyModel model, SimulatorOptions options, int gpusPerReplica, string pod, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = servedModel;
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        string[] modelLabel = ["model_name"];
        _running = f.CreateGauge(Vllm + "num_requests_running", "Number of requests currently running on GPU.", modelLabel);
        _waiting = f.CreateGauge(Vllm + "num_requests_waiting", "Number of requests waiting to be processed.", modelLabel);
        _success = f.CreateCounter(Vllm + "request_success_total", "Count of successfully processed requests.", ["model_name", "finished_reason"]);
        _promptTokens = f.CreateCounter(Vllm + "prompt_tokens_total", "Number of prefill tokens processed.", modelLabel);
        _generationTokens = f.CreateCounter(Vllm + "generation_tokens_total", "Number of generation tokens processed.", modelLabel);
        _ttft = f.CreateHistogram(Vllm + "time_to_first_token_seconds", "Histogram of time to first token in seconds.",
            new HistogramConfiguration { LabelNames = modelLabel, Buckets = TtftBuckets });
        _e2e = f.CreateHistogram(Vllm + "e2e_request_latency_seconds", "Histogram of end to end request latency in seconds.",
            new HistogramConfiguration { LabelNames = modelLabel, Buckets = E2eBuckets });
        string[] gpuLabels = ["gpu", "pod", "namespace"];
        _gpuUtil = f.CreateGauge("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", gpuLabels);
        _power = f.CreateGauge("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", gpuLabels);
        _fbUsed = f.CreateGauge("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", gpuLabels);
        // The simulator's own: lets a test prove no server ever held more than its cap without sampling.
        _peak = f.CreateGauge("frontier_simulator_peak_requests",
            "The most requests running and waiting at once since start or the last POST /admin/reset-peak.");

        // Publish every series from the start, as the real exporters do.
        _running.WithLabels(_model).Set(0);
        _waiting.WithLabels(_model).Set(0);
        _success.WithLabels(_model, "stop");
        _success.WithLabels(_model, "length");
        _promptTokens.WithLabels(_model);
        _generationTokens.WithLabels(_model);
        _ttft.WithLabels(_model);
        _e2e.WithLabels(_model);

        Registry.AddBeforeCollectCallback(() =>
        {
            var running = pool.RunningPerReplica();
            _running.WithLabels(_model).Set(running.Sum());
            _waiting.WithLabels(_model).Set(pool.Waiting);
            _peak.Set(pool.Peak);
            for (var r = 0; r < running.Length; r++)
            {
                var util = model.UtilizationPercent(running[r]);
                var power = LatencyModel.PowerWatts(util, options.IdleWatts, options.MaxWatts);
                // vLLM preallocates ~90% of the card for weights and KV cache.
                var fb = Math.Min(options.GpuMemoryMiB, 0.9 * options.GpuMemoryMiB + 16.0 * running[r]);
                for (var g = 0; g < gpusPerReplica; g++)
                {
                    var gpu = (r * gpusPerReplica + g).ToString(CultureInfo.InvariantCulture);
                    _gpuUtil.WithLabels(gpu, pod, @namespace).Set(Math.Round(util));
                    _power.WithLabels(gpu, pod, @namespace).Set(power);
                    _fbUsed.WithLabels(gpu, pod, @namespace).Set(Math.Round(fb));
                }
            }
        });
    }

    /// <summary>The simulator's own registry (served on /metrics).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The Prometheus text exposition of every metric, with the real exporters' names.</summary>
    public async Task<string> ExportAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(buffer, cancellationToken).ConfigureAwait(false);
        return VllmPrefix.Replace(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), "$1vllm:");
    }

    /// <summary>Records a request that finished normally.</summary>
    public void Completed(string finishReason, int promptTokens, int completionTokens, double? ttftSeconds, double e2eSeconds)
    {
        _success.WithLabels(_model, finishReason).Inc();
        _promptTokens.WithLabels(_model).Inc(promptTokens);
        _generationTokens.WithLabels(_model).Inc(completionTokens);
        if (ttftSeconds is { } t) _ttft.WithLabels(_model).Observe(t);
        _e2e.WithLabels(_model).Observe(e2eSeconds);
    }
}
