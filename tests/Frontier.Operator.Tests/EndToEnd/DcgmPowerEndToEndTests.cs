using Frontier.Api;
using Frontier.Planning;
using Frontier.Prometheus;
using Frontier.Testing;
using k8s;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// DCGM power per GPU type on the real API server and a real Prometheus: each GpuProfile takes the mean power of the
/// pods its candidates' Deployments select (by their label selector, as listed from the API), and only that profile.
/// Pods whose names merely start like a Deployment's are someone else's and must not count.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class DcgmPowerEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task Each_gpu_profile_takes_the_power_of_its_own_pods()
    {
        var bed = await TestBed.CreateAsync(cluster, "dcgm");
        var h800 = $"h800-{bed.Namespace}";
        var serving = new ServingExposition();
        await using var exporter = TestExporter.Start(serving.Render);
        var prometheus = new PrometheusServer([("dcgm", exporter.Target)]);
        await prometheus.InitializeAsync();
        await bed.ApplyAsync($$"""
            apiVersion: frontier.dev/v1alpha1
            kind: GpuProfile
            metadata: {name: {{h800}}}
            spec: {tco: {purchasePrice: 30000, depreciationYears: 4, utilization: 0.7, powerKw: 0.7, pue: 1.3, electricityPricePerKwh: 0.4, maintenanceRate: 0.1} }
            ---
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: chat, namespace: NAMESPACE}
            spec:
              model: chat
              budget: {maxHourlyCost: 40}
              demand: {floorRequestsPerSecond: 2}
              metrics: {prometheusUrl: "{{prometheus.BaseUrl}}"}
              candidates:
                - {name: wingpt, benchmark: wingpt-3-5, servedModel: WiNGPT-3.5, backend: {url: "http://127.0.0.1:1"}, deployment: wingpt, replicas: {min: 1, max: 1} }
                - {name: qwen14b, benchmark: qwen2-5-14b, servedModel: Qwen2.5-14B-Instruct, gpuProfile: {{h800}}, backend: {url: "http://127.0.0.1:1"}, deployment: qwen14b, replicas: {min: 1, max: 1} }
            """);
        // Each Deployment's pod (Pending: no kubelet) draws its own power; two decoys in the namespace are named like
        // them but not selected by them (a name-prefix match would average them in).
        foreach (var (deployment, watts) in new[] { ("wingpt", 350.0), ("qwen14b", 610.0) })
        {
            serving.Gpu(bed.Namespace, await bed.StartPodAsync(deployment), watts);
        }
        serving.Gpu(bed.Namespace, "wingpt-decoy-7f9c4-zzzzz", 5000);
        serving.Gpu(bed.Namespace, "qwen14b-old-6d8b7-yyyyy", 9000);
        using var http = new HttpClient();
        var query = new FrontierQueries().DcgmGpusInNamespace(bed.Namespace);
        await Poll.UntilAsync(() => new PrometheusClient(http, prometheus.BaseUrl).QueryOptionalScalarAsync(query, default), n => n == 4, Patience, "Prometheus has all 4 GPUs");
        await using var op = await OperatorProcess.StartAsync(cluster, "op-dcgm", bed.Namespace);
        try
        {
            var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => r?.Status?.Plan?.PowerSource?.StartsWith("DCGM", StringComparison.Ordinal) == true && TestBed.IsTrue(r, "Ready"),
                Patience, "a plan on DCGM power", () => op.LogTail);
            Assert.Equal($"DCGM for a800-80g, {h800} (mean per GPU of their pods); spec.tco.powerKw elsewhere", route.Status!.Plan!.PowerSource);

            // The plan's cost is each candidate's replicas × 2 GPUs × its own profile's hourly cost at its own measured power.
            var a800 = await bed.GpuProfileAsync("a800-80g");
            var h = await bed.GpuProfileAsync(h800);
            a800.Spec.Tco!.PowerKw = 0.350;
            h.Spec.Tco!.PowerKw = 0.610;
            var plan = route.Status!.Plan!.Candidates.ToDictionary(c => c.Name!, c => c.Replicas);
            var cost = plan["wingpt"] * 2 * EconomicsMapper.Hourly(a800.Spec).Total + plan["qwen14b"] * 2 * EconomicsMapper.Hourly(h.Spec).Total;
            output.WriteLine($"plan {route.Status.Plan.HourlyCost:0.####} $/h, expected {cost:0.####} $/h");
            Assert.Equal(cost, route.Status.Plan.HourlyCost, 9);
        }
        finally
        {
            output.WriteLine(op.LogTail);
            await prometheus.DisposeAsync();
            await bed.Client.CustomObjects.DeleteClusterCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", h800);
        }
    }
}
