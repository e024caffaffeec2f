using System.Net;
using System.Net.Http.Json;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>
/// The gateway in Kubernetes mode against a real API server: a backend.service candidate's requests go to exactly the
/// Service's ready Pods (real simulator processes at the Pods' loopback IPs), never more at once per Pod than the plan's
/// concurrencyPerReplica; a Pod that turns terminating or unready gets no new requests while its in-flight ones finish.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class EndpointDiscoveryTests(LocalApiServerCluster cluster)
{
    private const int PerPod = 2;

    [Fact(Timeout = 300_000)]
    public async Task Requests_reach_exactly_the_ready_pods_within_their_cap_and_a_terminating_or_unready_pod_drains()
    {
        var (ns, alias, pods) = await CreatePodsAndRouteAsync(timeScale: 4, true, true, false); // pod-2 running, not ready yet
        await using var _ = pods;
        await using var gw = await StartGatewayAsync(ns, alias, readyPods: 2, "--queue-wait", "60s");
        await using var sampler = new ConcurrencySampler(pods);

        // Two ready Pods, three waves of four: every request answered by pod-0 or pod-1, each at most (and at some point) 2 at once.
        await BurstAsync(gw, alias, 12);
        Assert.Equal(12, await pods.FinishedAsync(0) + await pods.FinishedAsync(1));
        Assert.Equal(0, await pods.FinishedAsync(2));
        Assert.Equal(PerPod, sampler.Max(0));
        Assert.Equal(PerPod, sampler.Max(1));

        // pod-2 turns ready: it takes requests too.
        await pods.SetReadyAsync(2, true);
        await ReadyEndpointsAsync(gw, ns, 3);
        await BurstAsync(gw, alias, 12);
        Assert.True(await pods.FinishedAsync(2) > 0, "the Pod that turned ready got no requests");

        // Drain: six in flight fill the three Pods; pod-0 is deleted with a grace period while its two run. They finish;
        // the six sent after it go to pod-1 and pod-2 only.
        var before = await pods.FinishedAsync(0);
        var first = StartBurst(gw, alias, 6);
        await Poll.UntilAsync(() => pods.ConcurrencyAsync(0), n => n == PerPod, TimeSpan.FromSeconds(20), "two requests running on pod-0");
        await pods.DeleteGracefullyAsync(0);
        await ReadyEndpointsAsync(gw, ns, 2);
        Assert.Equal(PerPod, await EndpointInFlightAsync(gw, ns, "pod-0")); // still draining, and shown
        var second = StartBurst(gw, alias, 6);
        await AllOkAsync(first);
        await AllOkAsync(second);
        Assert.Equal(before + PerPod, await pods.FinishedAsync(0));

        // Unready: pod-1 gets no new requests; pod-2 takes them all.
        var onPod1 = await pods.FinishedAsync(1);
        var onPod2 = await pods.FinishedAsync(2);
        await pods.SetReadyAsync(1, false);
        await ReadyEndpointsAsync(gw, ns, 1);
        await BurstAsync(gw, alias, 6);
        Assert.Equal(onPod1, await pods.FinishedAsync(1));
        Assert.Equal(onPod2 + 6, await pods.FinishedAsync(2));

        Assert.True(sampler.Samples > 20, $"only {sampler.Samples} samples");
        for (var i = 0; i < pods.Count; i++) Assert.InRange(sampler.Max(i), 0, PerPod);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_pod_whose_server_died_is_retried_on_its_sibling_and_ejected_alone()
    {
        var (ns, alias, pods) = await CreatePodsAndRouteAsync(timeScale: 0.2, true, true);
        await using var _ = pods;
        await using var gw = await StartGatewayAsync(ns, alias, readyPods: 2);

        pods.Sim(0).Kill(); // the Pod still says Ready: only the gateway's own failures tell
        for (var i = 0; i < 40; i++) await BurstAsync(gw, alias, 1);

        Assert.Equal(40, await pods.FinishedAsync(1));
        var metrics = await gw.Client.GetStringAsync("/metrics");
        var candidate = new Dictionary<string, string> { ["route"] = $"{ns}/chat", ["candidate"] = "sim" };
        // Three connection failures in a row eject pod-0 alone (its sibling keeps serving); then no request tries it.
        Assert.Equal(3, PrometheusText.Sum(metrics, "frontier_gateway_backend_failures_total", new Dictionary<string, string>(candidate) { ["reason"] = "connect" }));
        Assert.Equal(1, PrometheusText.Sum(metrics, "frontier_gateway_outlier_ejections_total", candidate));
        Assert.Equal(40, PrometheusText.Sum(metrics, "frontier_gateway_requests_total", new Dictionary<string, string>(candidate) { ["code"] = "200" }));
    }

    /// <summary>A namespace with Service "sim", one Pod per entry of <paramref name="ready"/> (Ready as given) and the
    /// planned ModelRoute "chat" whose one candidate is that Service.</summary>
    private async Task<(string Ns, string Alias, FakePodSet Pods)> CreatePodsAndRouteAsync(double timeScale, params bool[] ready)
    {
        var ns = "gw-ep-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var subnet = $"{Random.Shared.Next(2, 250)}.{Random.Shared.Next(2, 250)}";
        var pods = await FakePodSet.CreateAsync(cluster.Client, ns, "sim", ready.Length, subnet, "m", timeScale);
        try
        {
            for (var i = 0; i < ready.Length; i++) await pods.SetReadyAsync(i, ready[i]);
            await ApplyRouteAsync(ns, "chat-" + ns);
            return (ns, "chat-" + ns, pods);
        }
        catch
        {
            await pods.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway in Kubernetes mode on the namespace, once it has the planned route and sees the ready Pods.</summary>
    private async Task<GatewayHarness> StartGatewayAsync(string ns, string alias, int readyPods, params string[] extraArgs)
    {
        var gw = await GatewayHarness.StartAsync(["--kubeconfig", cluster.KubeconfigPath, "--namespace", ns, .. extraArgs]);
        try
        {
            await Wait.UntilAsync(() => gw.Holder.Current.Find(alias)?.HasPlan == true, "the planned route", TimeSpan.FromSeconds(60));
            await ReadyEndpointsAsync(gw, ns, readyPods);
            return gw;
        }
        catch
        {
            await gw.DisposeAsync();
            throw;
        }
    }

    private static Task ReadyEndpointsAsync(GatewayHarness gw, string ns, int n) =>
        Poll.UntilAsync(async () => PrometheusText.Sum(await gw.Client.GetStringAsync("/metrics"), "frontier_gateway_ready_endpoints",
            new Dictionary<string, string> { ["route"] = $"{ns}/chat", ["candidate"] = "sim" }), v => v == n, TimeSpan.FromSeconds(20),
            $"frontier_gateway_ready_endpoints = {n}", every: TimeSpan.FromMilliseconds(50));

    private static async Task<double> EndpointInFlightAsync(GatewayHarness gw, string ns, string pod) =>
        PrometheusText.Sum(await gw.Client.GetStringAsync("/metrics"), "frontier_gateway_endpoint_in_flight",
            new Dictionary<string, string> { ["route"] = $"{ns}/chat", ["candidate"] = "sim", ["pod"] = pod });

    private async Task ApplyRouteAsync(string ns, string alias)
    {
        var kubectl = new Kubectl(cluster);
        var crds = await kubectl.RunAsync("apply", "-f", Path.Combine(RepoPaths.RepoRoot, "crds"));
        Assert.True(crds.ExitCode == 0, crds.ToString());
        var yaml = $$$"""
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: chat, namespace: {{{ns}}}}
            spec:
              model: {{{alias}}}
              candidates:
                - {name: sim, benchmark: sim-b, servedModel: m, backend: {service: {name: sim, port: 8000}}, replicas: {max: 3}}
            """;
        ToolResult applied = await kubectl.ApplyAsync(yaml);
        for (var i = 0; i < 50 && applied.ExitCode != 0; i++)
        {
            await Task.Delay(200);
            applied = await kubectl.ApplyAsync(yaml);
        }
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var plan = $$$"""
            {"status":{"frontier":[{"name":"sim","concurrency":{{{PerPod}}},"costPerRequestUsd":0.001,"quality":50}],
             "plan":{"hourlyCost":3,"expectedQuality":50,"candidates":[
               {"name":"sim","weight":1,"replicas":3,"concurrencyPerReplica":{{{PerPod}}},"maxInFlight":{{{3 * PerPod}}},"costPerRequestUsd":0.001,"throughputFactor":1}]}} }
            """;
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(plan, V1Patch.PatchType.MergePatch), "frontier.dev", "v1alpha1", ns, "modelroutes", "chat");
    }

    private static Task<HttpResponseMessage>[] StartBurst(GatewayHarness gw, string alias, int n) =>
        [.. Enumerable.Range(0, n).Select(_ => gw.Client.PostAsJsonAsync("/v1/chat/completions",
            new { model = alias, messages = new[] { new { role = "user", content = "hi" } } }))];

    private static Task BurstAsync(GatewayHarness gw, string alias, int n) => AllOkAsync(StartBurst(gw, alias, n));

    private static async Task AllOkAsync(Task<HttpResponseMessage>[] requests)
    {
        foreach (var response in await Task.WhenAll(requests))
        {
            using (response)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
