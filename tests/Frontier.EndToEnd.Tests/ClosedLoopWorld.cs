using System.Text.Json;
using Frontier.Api;
using Frontier.Api.Routes;
using Frontier.Gateway;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frontier.EndToEnd.Tests;

/// <summary>A candidate of the test's route: its benchmark (which its simulator follows), the model it serves, its Deployment and bounds.</summary>
internal sealed record LoopCandidate(string Name, string Benchmark, string ServedModel, int Min, int Max);

/// <summary>
/// Everything the closed loop runs on, all real and on loopback: a namespace on the shared kube-apiserver holding the
/// sample GpuProfile and ModelBenchmarks, one Deployment per candidate (no kubelet: only their scale moves) and the
/// route; one simulator process per candidate; the gateway in Kubernetes mode in this process; a Prometheus scraping
/// the gateway and the operator; and the operator process reading demand from that Prometheus.
/// </summary>
internal sealed class ClosedLoopWorld : IAsyncDisposable
{
    public const string Alias = "chat";
    public const string RouteName = "chat";

    /// <summary>The sample route's candidates (config/samples/paper-a800.yaml) with their bounds.</summary>
    public static readonly LoopCandidate[] Candidates =
    [
        new("qwen72b", "qwen2-5-72b", "Qwen2.5-72B-Instruct", 0, 4),
        new("wingpt", "wingpt-3-5", "WiNGPT-3.5", 1, 6),
        new("qwen14b", "qwen2-5-14b", "Qwen2.5-14B-Instruct", 0, 6),
    ];

    private readonly IKubeCluster _cluster;
    private readonly Dictionary<string, FrontierSimulatorProcess> _simulators = new(StringComparer.Ordinal);
    private readonly LogBuffer _gatewayLog = new();
    private WebApplication? _gateway;
    private PrometheusServer? _prometheus;
    private FrontierOperatorProcess? _operator;

    private ClosedLoopWorld(IKubeCluster cluster, string @namespace)
    {
        _cluster = cluster;
        Namespace = @namespace;
    }

    public string Namespace { get; }

    public string GatewayUrl { get; private set; } = "";

    public Uri PrometheusUrl => _prometheus?.BaseUrl ?? throw new InvalidOperationException("Prometheus is not started");

    public FrontierOperatorProcess Operator => _operator ?? throw new InvalidOperationException("the operator is not started");

    public IReadOnlyDictionary<string, FrontierSimulatorProcess> Simulators => _simulators;

    public IKubernetes Client => _cluster.Client;

    /// <summary>The route's key as the gateway labels its metrics and the operator queries them.</summary>
    public string RouteKey => $"{Namespace}/{RouteName}";

    /// <summary>The gateway's current entry for the alias (null before it loaded the route).</summary>
    public RouteEntry? GatewayEntry() =>
        _gateway?.Services.GetRequiredService<RoutingTableHolder>().Current.Find(Alias);

    /// <param name="cluster">The shared API server.</param>
    /// <param name="routeSpec">The route's spec as YAML lines indented by 2, with BACKEND_candidate placeholders for the simulators' URLs.</param>
    /// <param name="timeScale">The simulators' --time-scale.</param>
    /// <param name="seed">Seed of the gateway's candidate picker.</param>
    public static async Task<ClosedLoopWorld> StartAsync(IKubeCluster cluster, string routeSpec, double timeScale, int seed)
    {
        var world = new ClosedLoopWorld(cluster, $"loop-{Guid.NewGuid().ToString("N")[..6]}");
        try
        {
            await world.StartAsync(routeSpec, timeScale, seed);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string routeSpec, double timeScale, int seed)
    {
        var kubectl = new Kubectl(_cluster);
        (await kubectl.ApplyFileAsync(Path.Combine(RepoPaths.RepoRoot, "crds"))).EnsureSuccess();
        (await kubectl.RunAsync("wait", "--for=condition=Established", "--timeout=60s",
            "crd/gpuprofiles.frontier.dev", "crd/modelbenchmarks.frontier.dev", "crd/modelroutes.frontier.dev")).EnsureSuccess();
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });

        // The sample's GpuProfile and ModelBenchmarks in this namespace; its own ModelRoute (Service backends) is left out.
        var samplePath = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml");
        var documents = (await File.ReadAllTextAsync(samplePath)).Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Where(d => !d.Contains("kind: ModelRoute", StringComparison.Ordinal))
            .Select(d => d.Replace("namespace: default", $"namespace: {Namespace}", StringComparison.Ordinal));
        (await kubectl.ApplyAsync(string.Join("\n---\n", documents))).EnsureSuccess();
        foreach (var c in Candidates) await CreateDeploymentAsync(c.Name);

        var started = await Task.WhenAll(Candidates.Select(c =>
            FrontierSimulatorProcess.StartBenchmarkAsync(samplePath, c.Benchmark, timeScale, ["--completion-tokens", "8"])));
        for (var i = 0; i < Candidates.Length; i++) _simulators[Candidates[i].Name] = started[i];

        var spec = routeSpec;
        foreach (var c in Candidates) spec = spec.Replace($"BACKEND_{c.Name}", _simulators[c.Name].Url, StringComparison.Ordinal);
        var route = $$"""
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: {{RouteName}}, namespace: {{Namespace}}}
            spec:

            """ + spec;
        (await kubectl.ApplyAsync(route)).EnsureSuccess();

        _gateway = GatewayApp.Build(["--kubeconfig", _cluster.KubeconfigPath, "--namespace", Namespace, "--urls", "http://127.0.0.1:0"], b =>
        {
            b.Logging.ClearProviders();
            b.Logging.AddProvider(_gatewayLog);
            b.Services.AddSingleton(new CandidatePicker(new Random(seed)));
        });
        await _gateway.StartAsync();
        GatewayUrl = _gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _prometheus = new PrometheusServer([("gateway", new Uri(GatewayUrl).Authority)]);
        await _prometheus.InitializeAsync();
        _operator = await FrontierOperatorProcess.StartAsync(_cluster, Namespace, _prometheus.BaseUrl.ToString(), "op-loop");
        await _prometheus.AddTargetsAsync([("operator", _operator.Url.Authority)]); // the dashboard's operator panels
    }

    private Task CreateDeploymentAsync(string name) => ModelDeployments.CreateAsync(Client, Namespace, name, RouteName);

    public async Task<ModelRoute> RouteAsync() =>
        KubernetesJson.Deserialize<ModelRoute>(JsonSerializer.Serialize(
            await Client.CustomObjects.GetNamespacedCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, Namespace, "modelroutes", RouteName)));

    public Task PatchRouteAsync(string mergePatch) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch),
            FrontierApi.Group, FrontierApi.Version, Namespace, "modelroutes", RouteName);

    public async Task<IReadOnlyDictionary<string, int>> DeploymentReplicasAsync()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in Candidates)
            result[c.Name] = (await Client.AppsV1.ReadNamespacedDeploymentAsync(c.Name, Namespace)).Spec.Replicas ?? 1; // unset means 1
        return result;
    }

    /// <summary>Each candidate's simulator's finished-request counter.</summary>
    public async Task<IReadOnlyDictionary<string, double>> SimulatorCountsAsync()
    {
        var counts = await Task.WhenAll(Candidates.Select(c => _simulators[c.Name].RequestsFinishedAsync()));
        return Candidates.Select((c, i) => (c.Name, counts[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
    }

    public async Task<string> GatewayMetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"{GatewayUrl}/metrics");
    }

    /// <summary>`frontier status` (the CLI's process, as a person would run it) for the loop's route; <paramref name="plot"/>: --plot PATH.</summary>
    public Task<ToolResult> StatusAsync(string? plot = null) =>
        ProcessRunner.RunAsync("dotnet", [DotnetAppProcess.BesideTests("frontier"), "status", RouteName, "-n", Namespace, "--kubeconfig", _cluster.KubeconfigPath,
            .. plot is null ? Array.Empty<string>() : ["--plot", plot]], timeout: TimeSpan.FromSeconds(60));

    public async Task<string> PrometheusQueryAsync(string promql)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(PrometheusUrl, $"api/v1/query?query={Uri.EscapeDataString(promql)}"));
    }

    /// <summary>The first value of an instant query's vector, or null when it has none.</summary>
    public async Task<double?> PrometheusScalarAsync(string promql)
    {
        using var json = JsonDocument.Parse(await PrometheusQueryAsync(promql));
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Everything worth reading when the loop misbehaves.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var report = new DiagnosticReport();
        await report.AddAsync("route status (JSON)", async () => JsonSerializer.Serialize((await RouteAsync()).Status, new JsonSerializerOptions { WriteIndented = true }));
        await report.AddAsync("deployments (spec.replicas)", async () => string.Join(", ", (await DeploymentReplicasAsync()).Select(kv => $"{kv.Key}={kv.Value}")));
        await report.AddAsync("gateway entry", () => Describe(GatewayEntry()));
        await report.AddEventsAsync(Client, Namespace);
        await report.AddAsync("Prometheus: demand over the route's window", () => PrometheusQueryAsync($"sum(rate(frontier_gateway_requests_total{{route=\"{RouteKey}\"}}[10s]))"));
        await report.AddAsync("operator log (tail)", () => _operator?.LogTail(80) ?? "(not started)");
        await report.AddAsync("gateway log (tail)", () => _gatewayLog.Tail(40));
        foreach (var (name, sim) in _simulators) await report.AddAsync($"simulator {name} log (tail)", () => sim.LogTail(15));
        await report.AddAsync("Prometheus log (tail)", () => _prometheus?.LogTail ?? "(not started)");
        return report.ToString();
    }

    public static string Describe(RouteEntry? entry) => entry is null
        ? "(no entry)"
        : $"hasPlan={entry.HasPlan} " + string.Join(", ", entry.Candidates.Select(c =>
            FormattableString.Invariant($"{c.Name} w={c.Weight:0.####} cap={(c.MaxInFlight is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}")));

    public static string Describe(ModelRoute? route) => route?.Status is not { } s
        ? "(no status)"
        : FormattableString.Invariant($"gen {route.Metadata.Generation}/observed {s.ObservedGeneration}, demand {s.Demand?.RequestsPerSecond:0.###} req/s ({s.Demand?.Source}), plan ") +
          (s.Plan is { } p
              ? string.Join(", ", p.Candidates.Select(c => FormattableString.Invariant($"{c.Name} {c.Replicas}×{c.ConcurrencyPerReplica} w={c.Weight:0.####} cap={c.MaxInFlight}"))) +
                FormattableString.Invariant($"; ${p.HourlyCost:0.###}/h, quality {p.ExpectedQuality:0.##}")
              : "(none)") +
          "; conditions " + string.Join(", ", (s.Conditions ?? []).Select(c => $"{c.Type}={c.Status}({c.Reason})"));

    /// <summary>Stops everything, each part even when another fails to stop; the failures are thrown together at the end.</summary>
    public async ValueTask DisposeAsync()
    {
        var teardown = new Teardown();
        if (_operator is not null) await teardown.StepAsync(() => _operator.DisposeAsync().AsTask());
        if (_gateway is not null)
        {
            await teardown.StepAsync(() => _gateway.StopAsync());
            await teardown.StepAsync(() => _gateway.DisposeAsync().AsTask());
        }
        if (_prometheus is not null) await teardown.StepAsync(_prometheus.DisposeAsync);
        foreach (var sim in _simulators.Values) await teardown.StepAsync(() => sim.DisposeAsync().AsTask());
        // Best effort: the cluster is thrown away with the test assembly anyway.
        await teardown.StepAsync(() => Client.CoreV1.DeleteNamespaceAsync(Namespace));
        teardown.ThrowIfFailed("the closed loop's parts", e => e is k8s.Autorest.HttpOperationException);
    }
}
