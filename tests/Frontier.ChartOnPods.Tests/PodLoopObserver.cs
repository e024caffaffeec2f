using System.Collections.Concurrent;
using System.Diagnostics;
using Frontier.Testing;
using k8s;

namespace Frontier.ChartOnPods.Tests;

/// <summary>
/// Watches the model servers of the pod loop from outside, on the loop's clock: every <see cref="ApiPeriod"/> it lists
/// the Deployment's Pods (IP, Ready, deletion, gone) and reads the Deployment's spec.replicas; every
/// <see cref="LoadPeriod"/> it reads each live Pod's /metrics at its Pod IP for the requests it holds
/// (<see cref="PodLoopSample"/>), and each gateway's /metrics for the requests it says it has on each Pod
/// (<see cref="GatewayEndpointMetric"/>). A reading that fails (the Pod is starting or has died) is skipped.
/// </summary>
internal sealed class PodLoopObserver : IAsyncDisposable
{
    public static readonly TimeSpan ApiPeriod = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LoadPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>The simulator's own high-water mark of requests held at once (when it has one).</summary>
    public const string PeakMetric = "frontier_simulator_peak_requests";

    /// <summary>A gateway's own requests in flight per Pod (label pod).</summary>
    public const string GatewayEndpointMetric = "frontier_gateway_endpoint_in_flight";

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _deployment;
    private readonly string _selector;
    private readonly int _port;
    private readonly IReadOnlyList<string> _gateways;
    private readonly Stopwatch _clock;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(1) };
    private readonly ConcurrentDictionary<string, PodLoopPodHistory> _pods = new(StringComparer.Ordinal);
    private readonly List<(double At, int Replicas)> _scale = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _apiLoop;
    private readonly Task _loadLoop;
    private int _readErrors;

    /// <param name="client">The cluster.</param>
    /// <param name="namespace">Where the Deployment is.</param>
    /// <param name="deployment">The Deployment's name.</param>
    /// <param name="selector">The label selector of its Pods.</param>
    /// <param name="port">The model server's port on each Pod IP.</param>
    /// <param name="gateways">The gateways' base addresses.</param>
    /// <param name="clock">The loop's clock (shared with the load generator).</param>
    public PodLoopObserver(IKubernetes client, string @namespace, string deployment, string selector, int port, IReadOnlyList<string> gateways, Stopwatch clock)
    {
        _gateways = gateways;
        _client = client;
        _namespace = @namespace;
        _deployment = deployment;
        _selector = selector;
        _port = port;
        _clock = clock;
        _apiLoop = Task.Run(() => RepeatAsync(ReadApiAsync, ApiPeriod));
        _loadLoop = Task.Run(() => RepeatAsync(ReadLoadAsync, LoadPeriod));
    }

    private double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Every Pod seen so far, in the order they appeared.</summary>
    public IReadOnlyList<PodLoopPodHistory> Pods => [.. _pods.Values.OrderBy(p => p.FirstSeen)];

    /// <summary>Each change of the Deployment's spec.replicas, with when it was seen.</summary>
    public IReadOnlyList<(double At, int Replicas)> Scale
    {
        get { lock (_gate) return [.. _scale]; }
    }

    /// <summary>API reads that failed (each retried at the next period).</summary>
    public int ReadErrors => Volatile.Read(ref _readErrors);

    /// <summary>The Pods that exist and are not being deleted.</summary>
    public IReadOnlyList<PodLoopPodHistory> Live => [.. Pods.Where(p => !p.IsGone && double.IsNaN(p.DeletionSeen))];

    /// <summary>When spec.replicas was first seen satisfying <paramref name="wanted"/> at or after <paramref name="after"/>; NaN if not yet.</summary>
    public double ScaledAt(double after, Func<int, bool> wanted)
    {
        var scale = Scale;
        for (var i = 0; i < scale.Count; i++)
        {
            var until = i + 1 < scale.Count ? scale[i + 1].At : double.PositiveInfinity;
            if (until >= after && wanted(scale[i].Replicas)) return Math.Max(scale[i].At, after);
        }
        return double.NaN;
    }

    private async Task RepeatAsync(Func<CancellationToken, Task> read, TimeSpan period)
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await read(ct);
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException or IOException)
            {
                if (!ct.IsCancellationRequested) Interlocked.Increment(ref _readErrors);
            }
            try { await Task.Delay(period, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task ReadApiAsync(CancellationToken ct)
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: _selector, cancellationToken: ct);
        var at = Now;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Items)
        {
            var history = _pods.GetOrAdd(pod.Metadata.Name, name => new PodLoopPodHistory(name, at));
            listed.Add(history.Name);
            if (pod.Status?.PodIP is { Length: > 0 } ip) history.Ip = ip;
            history.ObserveReady(at, pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            if (pod.Metadata.DeletionTimestamp is not null) history.ObserveDeletion(at);
        }
        foreach (var history in _pods.Values.Where(p => !listed.Contains(p.Name))) history.ObserveGone(at);

        var replicas = (await _client.AppsV1.ReadNamespacedDeploymentAsync(_deployment, _namespace, cancellationToken: ct)).Spec.Replicas ?? 1;
        lock (_gate)
        {
            if (_scale.Count == 0 || _scale[^1].Replicas != replicas) _scale.Add((Now, replicas));
        }
    }

    private Task ReadLoadAsync(CancellationToken ct) =>
        Task.WhenAll(_pods.Values.Where(p => !p.IsGone && p.Ip is not null).Select(p => ReadPodAsync(p, ct))
            .Concat(_gateways.Select((g, i) => ReadGatewayAsync(i, g, ct))));

    private async Task ReadGatewayAsync(int index, string gateway, CancellationToken ct)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync($"{gateway}/metrics", ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return;
        }
        foreach (var sample in PrometheusText.Samples(text, GatewayEndpointMetric))
        {
            if (sample.Labels.TryGetValue("pod", out var pod) && _pods.TryGetValue(pod, out var history)) history.ObserveGateway(index, (int)sample.Value);
        }
    }

    private async Task ReadPodAsync(PodLoopPodHistory pod, CancellationToken ct)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync($"http://{pod.Ip}:{_port}/metrics", ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return; // not listening (starting, restarting, terminated): nothing to read
        }
        var at = Now;
        var inFlight = PrometheusText.Sum(text, "vllm:num_requests_running") + PrometheusText.Sum(text, "vllm:num_requests_waiting");
        var peak = PrometheusText.Samples(text, PeakMetric).Select(s => (double?)s.Value).Max();
        pod.Add(new PodLoopSample(at, (int)inFlight, PrometheusText.Sum(text, "vllm:request_success_total"), peak));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_apiLoop, _loadLoop);
        _http.Dispose();
        _stop.Dispose();
    }
}
