using System.Globalization;
using Frontier.Api.Routes;
using Frontier.Testing;
using k8s;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The operator against a real Kubernetes API server and a real Prometheus. The same tests run on the
/// local kube-apiserver 1.20 + etcd + controller-manager, and on k3s where a Docker engine exists.
/// </summary>
public abstract class OperatorEndToEndTests(IKubeCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact(Timeout = 180_000)]
    public async Task Samples_applied_with_kubectl_reach_Ready_within_budget_and_scale_deployments()
    {
        if (cluster.Kind == "k3s") DockerEngine.SkipIfUnavailable();
        var bed = await TestBed.CreateAsync(cluster, "samples");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":20}}}""");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-samples", bed.Namespace);
        try
        {
            var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready") && r!.Status!.Plan is not null,
                Patience, "route chat Ready with a plan", () => op.LogTail);
            var plan = route.Status!.Plan!;
            Assert.True(plan.HourlyCost <= 12, $"plan costs {plan.HourlyCost}/h over the $12/h budget");
            Assert.Equal(20, route.Status.Demand!.RequestsPerSecond);
            Assert.Equal(route.Metadata.Generation, route.Status.ObservedGeneration);
            foreach (var type in new[] { "Valid", "BudgetSatisfiable", "Scaled" }) Assert.True(TestBed.IsTrue(route, type), type);
            Assert.Equal("False", TestBed.Condition(route, "MetricsAvailable")!.Status);
            foreach (var candidate in plan.Candidates)
                await Poll.UntilAsync(() => bed.ReplicasAsync(candidate.Name!), r => r == candidate.Replicas, Patience, $"Deployment {candidate.Name} at {candidate.Replicas} replicas");

            var profile = await Poll.UntilAsync<Frontier.Api.GpuProfiles.GpuProfile>(async () => await bed.GpuProfileAsync("a800-80g"), p => p?.Status?.HourlyCost is not null, Patience, "GpuProfile status");
            Assert.Equal(0.7895, profile.Status!.HourlyCost!.Value, 4);
            var benchmark = await Poll.UntilAsync<Frontier.Api.Benchmarks.ModelBenchmark>(async () => await bed.BenchmarkAsync("wingpt-3-5"), b => b?.Status?.BestConcurrency is not null, Patience, "ModelBenchmark status");
            Assert.Equal(64, benchmark.Status!.BestConcurrency);

            var metrics = await op.MetricsAsync();
            Assert.Contains($"frontier_operator_plan_hourly_cost_usd{{route=\"{bed.Namespace}/chat\"}}", metrics, StringComparison.Ordinal);
            Assert.Contains("frontier_operator_reconciles_total{kind=\"modelroute\",result=\"success\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("frontier_operator_leader 1", metrics, StringComparison.Ordinal);
            await bed.EventAsync("PlanChanged", () => op.LogTail);

            var explain = await new Kubectl(cluster).RunAsync("explain", "modelroute.spec.candidates");
            Assert.True(explain.ExitCode == 0, explain.ToString());
            Assert.Contains("The models behind the alias", explain.StdOut, StringComparison.Ordinal);
            Assert.Contains("servedModel", explain.StdOut, StringComparison.Ordinal);

            var printed = await new Kubectl(cluster).RunAsync("get", "modelroutes", "-n", bed.Namespace);
            output.WriteLine(printed.StdOut);
            Assert.Contains("chat", printed.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    [SkippableFact(Timeout = 240_000)]
    public async Task Demand_from_a_real_Prometheus_drives_the_plan_and_a_Prometheus_outage_keeps_it()
    {
        if (cluster.Kind == "k3s") DockerEngine.SkipIfUnavailable();
        var rate = 2.0;
        var total = 0.0;
        var vllmTotal = 0.0;
        var last = DateTime.UtcNow;
        var gate = new object();
        IReadOnlyList<string> wingptPods = [];
        string Render()
        {
            lock (gate)
            {
                var now = DateTime.UtcNow;
                total += rate * (now - last).TotalSeconds;
                vllmTotal += 3.0 * (now - last).TotalSeconds;
                last = now;
                return string.Create(CultureInfo.InvariantCulture,
                    $"# TYPE frontier_gateway_requests_total counter\nfrontier_gateway_requests_total{{route=\"{Namespace}/chat\",candidate=\"wingpt\",code=\"200\"}} {total}\n" +
                    $"# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{{model_name=\"WiNGPT-3.5\"}} 10\n" +
                    $"# TYPE vllm:request_success_total counter\nvllm:request_success_total{{model_name=\"WiNGPT-3.5\"}} {vllmTotal}\n" +
                    $"# TYPE DCGM_FI_DEV_POWER_USAGE gauge\n")
                    + string.Concat(wingptPods.Select((pod, gpu) => $"DCGM_FI_DEV_POWER_USAGE{{namespace=\"{Namespace}\",pod=\"{pod}\",gpu=\"{gpu}\"}} 350\n"));
            }
        }
        var bed = await TestBed.CreateAsync(cluster, "prom");
        Namespace = bed.Namespace;
        await using var exporter = TestExporter.Start(Render);
        var prometheus = new PrometheusServer([("gateway", exporter.Target)]);
        await prometheus.InitializeAsync();
        await bed.PatchRouteAsync("""{"spec":{"metrics":{"prometheusUrl":"URL","rateWindow":"5s"}}}""".Replace("URL", prometheus.BaseUrl.ToString(), StringComparison.Ordinal));
        // wingpt's pods (Pending: no kubelet) exist before the operator starts, so DCGM reports their GPUs from its first pass.
        var pod = await bed.StartPodAsync("wingpt");
        lock (gate) wingptPods = [pod];
        await using var op = await OperatorProcess.StartAsync(cluster, "op-prom", bed.Namespace);
        try
        {
            var low = await Poll.UntilAsync(() => bed.RouteAsync(),
                r => r?.Status?.Demand?.Source == "gateway" && Math.Abs(r.Status.Demand.RequestsPerSecond - 2) < 0.6 && TestBed.IsTrue(r, "Ready"),
                Patience, "demand ≈ 2 req/s from the gateway series", () => op.LogTail);
            var lowReplicas = low.Status!.Plan!.Candidates.Sum(c => c.Replicas);

            lock (gate) rate = 30;
            var high = await Poll.UntilAsync(() => bed.RouteAsync(),
                r => r?.Status?.Demand?.RequestsPerSecond > 25 && r.Status.Plan!.Candidates.Sum(c => c.Replicas) > lowReplicas,
                Patience, "a bigger plan for ≈ 30 req/s", () => op.LogTail);
            Assert.True(TestBed.IsTrue(high, "MetricsAvailable"));
            var calibrated = await Poll.UntilAsync(() => bed.RouteAsync(),
                r => r?.Status?.Plan?.Candidates.Single(c => c.Name == "wingpt").ThroughputFactor is { } f && f != 1
                     && r.Status.Plan.PowerSource?.StartsWith("DCGM for a800-80g ", StringComparison.Ordinal) == true,
                Patience, "live vLLM throughput and DCGM power in the plan", () => op.LogTail);
            Assert.Equal(1, calibrated.Status!.Plan!.Candidates.Single(c => c.Name == "qwen72b").ThroughputFactor);

            await prometheus.StopAsync();
            var kept = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.Condition(r, "MetricsAvailable")?.Status == "False",
                Patience, "MetricsAvailable=False after Prometheus stopped", () => op.LogTail);
            Assert.True(TestBed.IsTrue(kept, "Ready"));
            // Several intervals later, without metrics, the plan in effect has not moved and neither have the Deployments.
            await Task.Delay(TimeSpan.FromSeconds(8));
            var later = await bed.RouteAsync();
            Assert.Equal("False", TestBed.Condition(later, "MetricsAvailable")!.Status);
            Assert.Equal(kept.Status!.Plan!.HourlyCost, later!.Status!.Plan!.HourlyCost);
            foreach (var c in later.Status.Plan.Candidates) Assert.Equal(c.Replicas, await bed.ReplicasAsync(c.Name!));

            await prometheus.RestartAsync();
            await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "MetricsAvailable"),
                TimeSpan.FromSeconds(90), "MetricsAvailable=True after Prometheus came back", () => op.LogTail);
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await prometheus.DisposeAsync();
        }
    }

    private string Namespace { get; set; } = "default";

    [SkippableFact(Timeout = 240_000)]
    public async Task Invalid_specs_get_conditions_and_other_routes_are_still_served()
    {
        if (cluster.Kind == "k3s") DockerEngine.SkipIfUnavailable();
        var bed = await TestBed.CreateAsync(cluster, "invalid");
        await bed.ApplyAsync("""
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: missing-benchmark, namespace: NAMESPACE}
            spec:
              model: a
              candidates:
                - {name: cand-a, benchmark: nope, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 0, max: 1}}
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: inverted-bounds, namespace: NAMESPACE}
            spec:
              model: b
              candidates:
                - {name: cand-a, benchmark: wingpt-3-5, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 3, max: 1}}
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: mixed-benchmarks, namespace: NAMESPACE}
            spec:
              model: c
              candidates:
                - {name: cand-a, benchmark: wingpt-3-5, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 0, max: 1}}
                - {name: cand-b, benchmark: other-benchmark, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 0, max: 1}}
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelBenchmark
            metadata: {name: other-benchmark, namespace: NAMESPACE}
            spec:
              model: Other
              gpuProfile: a800-80g
              gpus: 2
              benchmark: {name: MMLU, requests: 100, score: 70}
              runs: [{concurrency: 1, totalSeconds: 100}]
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: not-found-in-text, namespace: NAMESPACE}
            spec:
              model: e
              candidates:
                - {name: cand-a, benchmark: wingpt-3-5, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 0, max: 1}}
                - {name: cand-b, benchmark: free-text-benchmark, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 0, max: 1}}
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelBenchmark
            metadata: {name: free-text-benchmark, namespace: NAMESPACE}
            spec:
              model: Other
              gpuProfile: a800-80g
              gpus: 2
              benchmark: {name: "MMLU (answers not found)", requests: 100, score: 70}
              runs: [{concurrency: 1, totalSeconds: 100}]
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: tiny-budget, namespace: NAMESPACE}
            spec:
              model: d
              budget: {maxHourlyCost: 0.5}
              candidates:
                - {name: cand-a, benchmark: wingpt-3-5, backend: {url: "http://127.0.0.1:1"}, replicas: {min: 1, max: 2}}
            """);
        await using var op = await OperatorProcess.StartAsync(cluster, "op-invalid", bed.Namespace);
        try
        {
            // The reason follows the kind of problem, not words in the message ("not found" in a benchmark's name is no missing reference).
            var expectations = new (string Route, string Field, string Reason)[]
            {
                ("missing-benchmark", "spec.candidates[0].benchmark", "MissingReference"),
                ("inverted-bounds", "spec.candidates[0].replicas", "InvalidSpec"),
                ("mixed-benchmarks", "spec.candidates[0].quality", "InvalidSpec"),
                ("not-found-in-text", "spec.candidates[0].quality", "InvalidSpec"),
                ("tiny-budget", "maxHourlyCost", "BudgetBelowMinimumReplicas"),
            };
            foreach (var (name, field, reason) in expectations)
            {
                var route = await Poll.UntilAsync(() => bed.RouteAsync(name), r => TestBed.Condition(r, "Valid")?.Status == "False",
                    Patience, $"{name} Valid=False", () => op.LogTail);
                Assert.Contains(field, TestBed.Condition(route, "Valid")!.Message, StringComparison.Ordinal);
                Assert.Equal((name, reason), (name, TestBed.Condition(route, "Valid")!.Reason));
                Assert.Equal("False", TestBed.Condition(route, "Ready")!.Status);
            }
            await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready"), Patience, "the valid route chat stays served", () => op.LogTail);
            Assert.False(op.HasExited);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }
}
