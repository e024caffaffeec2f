using System.Globalization;
using System.Text.Json;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.ChartOnPods.Tests;

/// <summary>
/// The closed loop on Pods, all real and on loopback: a namespace on the node agent's cluster holding a GpuProfile,
/// the ModelBenchmark of the simulator's built-in curve, a Deployment of <c>frontier-simulator</c> whose Pods the node
/// agent runs (2 startup seconds, readiness probe every second), a Service selecting them and a ModelRoute whose one
/// candidate reaches them by <c>backend.service</c>; two gateway processes in Kubernetes mode routing that namespace;
/// a Prometheus scraping both gateways; and the operator process reading the route's demand from that Prometheus and
/// scaling the Deployment (it carries the opt-in label).
/// </summary>
internal sealed class PodLoopWorld : IAsyncDisposable
{
    public const string Alias = "chat";
    public const string RouteName = "chat";
    public const string Deployment = "sim";
    public const string ServedModel = "sim-model";
    public const int Port = 8000;
    public const string Selector = "app.kubernetes.io/name=" + Deployment;

    /// <summary>The simulator's --startup-seconds: /health is 503 (the Pod not Ready) for this long after its process starts.</summary>
    public const double StartupSeconds = 2;

    /// <summary>Completion tokens per request (the simulator's --completion-tokens, so its latency follows the curve).</summary>
    public const int CompletionTokens = 16;

    /// <summary>spec.scaling.scaleDownStabilization.</summary>
    public static readonly TimeSpan Stabilization = TimeSpan.FromSeconds(20);

    /// <summary>spec.interval: how often the operator re-plans.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Gateway processes in front of the Pods.</summary>
    public const int GatewayReplicas = 2;

    /// <summary>The gateways' bounded wait for a free slot before 429.</summary>
    public static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(10);

    private readonly NodeAgentCluster _cluster;
    private readonly List<FrontierGatewayProcess> _gateways = [];
    private PrometheusServer? _prometheus;
    private FrontierOperatorProcess? _operator;

    private PodLoopWorld(NodeAgentCluster cluster, string @namespace)
    {
        _cluster = cluster;
        Namespace = @namespace;
    }

    public string Namespace { get; }

    /// <summary>The cluster-scoped GpuProfile of this world (removed with it).</summary>
    public string GpuProfile => Namespace + "-gpu";

    public IKubernetes Client => _cluster.Client;

    public IReadOnlyList<FrontierGatewayProcess> Gateways => _gateways;

    public FrontierOperatorProcess Operator => _operator ?? throw new InvalidOperationException("the operator is not started");

    /// <summary>The route's key as the gateways label their metrics.</summary>
    public string RouteKey => $"{Namespace}/{RouteName}";

    /// <summary>
    /// The route: MaxQuality over one candidate (the only quality there is), latency ≤ 1 s (mean), so the plan runs each
    /// replica at concurrency 8, where the curve serves 10 req/s at 0.8 s: cap 8 per Pod, 1–3 replicas. Headroom 0.25
    /// (one Pod carries up to 8 req/s of measured demand), demand over a 5 s window, a plan every 2 s, replicas held
    /// 20 s after demand falls, a new replica expected to serve 3 s after it is asked for.
    /// </summary>
    private string Manifests() => string.Create(CultureInfo.InvariantCulture, $$"""
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata: {name: {{GpuProfile}}}
        spec: {hourlyPrice: 1.0}
        ---
        # The simulator's built-in curve, X(c) = 20c/(c+8) req/s, measured over 1,000 requests (sim-small of
        # config/samples/simulated-models.yaml).
        apiVersion: frontier.dev/v1alpha1
        kind: ModelBenchmark
        metadata: {name: sim-curve, namespace: {{Namespace}}}
        spec:
          model: {{ServedModel}}
          gpuProfile: {{GpuProfile}}
          gpus: 1
          benchmark: {name: sim-eval, requests: 1000, score: 70}
          runs:
            - {concurrency: 1, totalSeconds: 450, meanTtftSeconds: 0.06, meanLatencySeconds: 0.45}
            - {concurrency: 2, totalSeconds: 250, meanTtftSeconds: 0.07, meanLatencySeconds: 0.5}
            - {concurrency: 4, totalSeconds: 150, meanTtftSeconds: 0.09, meanLatencySeconds: 0.6}
            - {concurrency: 8, totalSeconds: 100, meanTtftSeconds: 0.13, meanLatencySeconds: 0.8}
            - {concurrency: 16, totalSeconds: 75, meanTtftSeconds: 0.21, meanLatencySeconds: 1.2}
            - {concurrency: 32, totalSeconds: 62.5, meanTtftSeconds: 0.37, meanLatencySeconds: 2.0}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{Deployment}}
          namespace: {{Namespace}}
          labels: {app.kubernetes.io/name: {{Deployment}}, {{ModelDeployments.RouteLabel}}: {{RouteName}}}
        spec:
          selector:
            matchLabels: {app.kubernetes.io/name: {{Deployment}}}
          template:
            metadata:
              labels: {app.kubernetes.io/name: {{Deployment}}}
            spec:
              terminationGracePeriodSeconds: 10
              automountServiceAccountToken: false
              containers:
                - name: server
                  image: frontier-simulator:0.1.0
                  args: [--served-model, {{ServedModel}}, --completion-tokens, "{{CompletionTokens}}", --startup-seconds, "{{StartupSeconds}}", --urls, "http://0.0.0.0:{{Port}}"]
                  env:
                    - name: POD_NAME
                      valueFrom:
                        fieldRef: {fieldPath: metadata.name}
                    - name: POD_NAMESPACE
                      valueFrom:
                        fieldRef: {fieldPath: metadata.namespace}
                  ports: [{name: http, containerPort: {{Port}}}]
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {memory: 512Mi, nvidia.com/gpu: 1}
                  startupProbe: {httpGet: {path: /health, port: http}, periodSeconds: 1, failureThreshold: 60}
                  readinessProbe: {httpGet: {path: /health, port: http}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: {{Deployment}}, namespace: {{Namespace}}}
        spec:
          selector: {app.kubernetes.io/name: {{Deployment}}}
          ports: [{name: http, port: {{Port}}, targetPort: http}]
        ---
        apiVersion: frontier.dev/v1alpha1
        kind: ModelRoute
        metadata: {name: {{RouteName}}, namespace: {{Namespace}}}
        spec:
          model: {{Alias}}
          objective: MaxQuality
          budget: {maxHourlyCost: 10}
          slo: {maxLatencySeconds: 1}
          interval: {{Interval.TotalSeconds}}s
          demand: {floorRequestsPerSecond: 1}
          metrics: {rateWindow: 5s}
          scaling: {headroom: 0.25, scaleDownStabilization: {{Stabilization.TotalSeconds}}s, startupSeconds: {{StartupSeconds + 1}}}
          candidates:
            - name: sim
              benchmark: sim-curve
              servedModel: {{ServedModel}}
              backend:
                service: {name: {{Deployment}}, port: {{Port}}}
              deployment: {{Deployment}}
              replicas: {min: 1, max: 3}
        """);

    public static async Task<PodLoopWorld> StartAsync(NodeAgentCluster cluster)
    {
        var world = new PodLoopWorld(cluster, $"podloop-{Guid.NewGuid().ToString("N")[..6]}");
        try
        {
            await world.StartAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The objects first (the Pod starts while the processes do), then the gateways, Prometheus, the operator.</summary>
    private async Task StartAsync()
    {
        await FrontierCrds.EnsureAsync(_cluster);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        (await _cluster.Kubectl().ApplyAsync(Manifests())).EnsureSuccess();

        // As the chart runs them: each replica told how many share each Pod's cap (the chart's gateway.replicaCount).
        string[] gatewayArgs =
        [
            "--queue-wait", $"{QueueWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--gateway-replicas", GatewayReplicas.ToString(CultureInfo.InvariantCulture),
        ];
        _gateways.AddRange(await Task.WhenAll(Enumerable.Range(1, GatewayReplicas).Select(i =>
            FrontierGatewayProcess.StartAsync(_cluster, Namespace, $"gateway-{i}", gatewayArgs))));
        _prometheus = new PrometheusServer(_gateways.Select(g => (g.Name, g.Authority)));
        await _prometheus.InitializeAsync();
        _operator = await FrontierOperatorProcess.StartAsync(_cluster, Namespace, _prometheus.BaseUrl.ToString(), "op-podloop");
    }

    public async Task<ModelRoute> RouteAsync() =>
        KubernetesJson.Deserialize<ModelRoute>(JsonSerializer.Serialize(
            await Client.CustomObjects.GetNamespacedCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, Namespace, "modelroutes", RouteName)));

    /// <summary>The sum of a counter over both gateways' /metrics, for this route.</summary>
    public async Task<double> GatewaySumAsync(string metric, IReadOnlyDictionary<string, string>? labels = null)
    {
        var match = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["route"] = RouteKey };
        var texts = await Task.WhenAll(_gateways.Select(g => g.MetricsAsync()));
        return texts.Sum(t => PrometheusText.Sum(t, metric, match));
    }

    /// <summary>SIGKILL to the model server's process in <paramref name="pod"/> (its container's pid file): it dies
    /// mid-request, as a crashed server does; the node agent restarts the container.</summary>
    public int KillServer(string pod)
    {
        var pid = _cluster.ContainerPid(Namespace, pod, "server") ?? throw new InvalidOperationException($"{pod} has no running server process");
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
        return pid;
    }

    /// <summary>Everything worth reading when the loop misbehaves.</summary>
    public async Task<string> DiagnosticsAsync(PodLoopObserver? observer)
    {
        var report = new DiagnosticReport();
        await report.AddAsync("route", async () => Describe(await RouteAsync()));
        if (observer is not null)
        {
            await report.AddAsync("deployment scale seen", () => string.Join(", ", observer.Scale.Select(s => FormattableString.Invariant($"{s.At:0.0}s→{s.Replicas}"))));
            await report.AddAsync("pods seen", () => string.Join('\n', observer.Pods.Select(p => FormattableString.Invariant(
                $"{p.Name} {p.Ip}: seen {p.FirstSeen:0.0}s, ready {p.ReadyAt(0):0.0}s, deleted {p.DeletionSeen:0.0}s, gone {p.Gone:0.0}s, {p.Samples.Count} readings, max in flight {p.Samples.Select(s => s.InFlight).DefaultIfEmpty().Max()}"))));
        }
        await report.AddEventsAsync(Client, Namespace);
        await report.AddAsync("operator log (tail)", () => _operator?.LogTail(60) ?? "(not started)");
        foreach (var g in _gateways) await report.AddAsync($"{g.Name} log (tail)", () => g.LogTail(30));
        await report.AddAsync("Prometheus log (tail)", () => _prometheus?.LogTail ?? "(not started)");
        return report.ToString();
    }

    public static string Describe(ModelRoute? route) => route?.Status is not { } s
        ? "(no status)"
        : FormattableString.Invariant($"demand {s.Demand?.RequestsPerSecond:0.###} req/s ({s.Demand?.Source}), plan ") +
          (s.Plan is { } p ? string.Join(", ", p.Candidates.Select(c => FormattableString.Invariant($"{c.Name} {c.Replicas}×{c.ConcurrencyPerReplica} cap={c.MaxInFlight}"))) : "(none)") +
          "; conditions " + string.Join(", ", (s.Conditions ?? []).Select(c => $"{c.Type}={c.Status}({c.Reason}: {c.Message})"));

    /// <summary>Stops every process and deletes the namespace (its Pods' processes end with them) and the GpuProfile;
    /// each step even when another fails, the failures thrown together at the end.</summary>
    public async ValueTask DisposeAsync()
    {
        var teardown = new Teardown();
        if (_operator is not null) await teardown.StepAsync(() => _operator.DisposeAsync().AsTask());
        foreach (var g in _gateways) await teardown.StepAsync(() => g.DisposeAsync().AsTask());
        if (_prometheus is not null) await teardown.StepAsync(_prometheus.DisposeAsync);
        await teardown.StepAsync(() => Client.CoreV1.DeleteNamespaceAsync(Namespace));
        // The next test of the collection gets the node's GPUs back: wait (bounded) for the Pods to go.
        await teardown.StepAsync(() => Poll.UntilAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Count, n => n == 0,
            TimeSpan.FromSeconds(30), $"the Pods of {Namespace} removed"));
        await teardown.StepAsync(() => Client.CustomObjects.DeleteClusterCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", GpuProfile));
        teardown.ThrowIfFailed("the pod loop's parts", e => e is k8s.Autorest.HttpOperationException);
    }
}
