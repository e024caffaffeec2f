using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.ChartOnPods.Tests;

/// <summary>
/// charts/frontier as it would run in a cluster, on the local API server whose node agent runs the pods: helm
/// installs it and waits for it; both operator replicas start from the chart's args, env and probes and one leads;
/// the gateways answer at their pod IPs; the operator scales the simulators of config/samples/simulated-models.yaml,
/// whose pods start, warm up and turn Ready; uninstalling leaves no process running. Reports how long helm install
/// took to all Ready and a scale-up took from the plan to the new pods Ready.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class ChartOnPodsTests(NodeAgentCluster cluster, ITestOutputHelper output)
{
    private const string Release = "frontier";
    private const string SystemNamespace = "frontier-system";
    private static readonly string ChartDir = Path.Combine(RepoPaths.RepoRoot, "charts", "frontier");
    private static readonly string DemoManifest = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "simulated-models.yaml");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private IKubernetes Client => cluster.Client;

    [Fact(Timeout = 480_000)]
    public async Task The_chart_runs_on_pods_the_operator_scales_the_simulators_and_uninstalling_leaves_nothing_running()
    {
        var demo = "demo-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            await InstallAndWaitAsync();
            await OneOperatorLeadsAsync();
            await ApplyDemoAsync(demo);
            await SimulatorsStartWarmUpAndTurnReadyAsync(demo);
            await GatewaysAnswerAtTheirPodIpsAsync("chat");
            await ScaleUpAsync(demo);
            await UninstallLeavesNothingRunningAsync(demo);
        }
        finally
        {
            await CleanUpAsync(demo);
        }
    }

    /// <summary>helm install --wait: helm itself waits until both Deployments have every replica Ready.</summary>
    private async Task InstallAndWaitAsync()
    {
        var clock = Stopwatch.StartNew();
        var install = await cluster.Helm().RunAsync(
            ["install", Release, ChartDir, "--namespace", SystemNamespace, "--create-namespace", "--set", "operator.prometheusUrl=", "--wait", "--timeout", "240s"],
            timeout: TimeSpan.FromMinutes(5));
        var took = clock.Elapsed;
        Assert.True(install.ExitCode == 0, install + "\n" + await DescribeAsync(SystemNamespace));
        var pods = (await Client.CoreV1.ListNamespacedPodAsync(SystemNamespace)).Items;
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.True(IsReady(p), $"{p.Metadata.Name} is not Ready"));
        Report($"helm install --wait to all 4 pods (2 operators, 2 gateways) Ready: {took.TotalSeconds:0.0} s");
    }

    /// <summary>Both operators run the chart's command line (--urls bound to the pod IP, settings from env, identity from the pod name); one leads.</summary>
    private async Task OneOperatorLeadsAsync()
    {
        var operators = await PodsAsync(SystemNamespace, "app.kubernetes.io/component=operator");
        Assert.Equal(2, operators.Count);
        var roles = new Dictionary<string, string>();
        foreach (var pod in operators)
        {
            var readyz = await _http.GetStringAsync($"http://{pod.Status.PodIP}:8080/readyz");
            Assert.Contains(pod.Metadata.Name, readyz, StringComparison.Ordinal); // Frontier__Identity from the fieldRef
            roles[pod.Metadata.Name] = readyz.Contains("leader", StringComparison.Ordinal) ? "leader" : "standby";
        }
        var leader = Assert.Single(roles, r => r.Value == "leader").Key;
        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("frontier-operator", SystemNamespace);
        Assert.Equal(leader, lease.Spec.HolderIdentity);
        Report($"operator replicas: {string.Join(", ", roles.Select(r => $"{r.Key} {r.Value}"))}");
    }

    /// <summary>config/samples/simulated-models.yaml in a namespace of its own.</summary>
    private async Task ApplyDemoAsync(string demo)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = demo } });
        var manifest = (await File.ReadAllTextAsync(DemoManifest)).Replace("namespace: default", $"namespace: {demo}", StringComparison.Ordinal);
        (await cluster.Kubectl().ApplyAsync(manifest)).EnsureSuccess();
        var route = await Poll.UntilAsync(() => RouteAsync(demo), r => Condition(r, "Ready") == "True" && Condition(r, "Scaled") == "True",
            Patience, "route chat Ready and Scaled by the chart's operator", () => OperatorLogs());
        Report($"route planned: {route.GetProperty("status").GetProperty("plan").GetRawText()}");
    }

    /// <summary>Each simulator pod runs at its own IP, is held back by its startup probe for its startup seconds, then turns Ready.</summary>
    private async Task SimulatorsStartWarmUpAndTurnReadyAsync(string demo)
    {
        foreach (var (deployment, model) in new[] { ("sim-large", "large-model"), ("sim-small", "small-model") })
        {
            var pods = await Poll.UntilAsync<IList<V1Pod>>(async () => await PodsAsync(demo, $"app.kubernetes.io/name={deployment}"), ps => ps!.Count == 1 && ps.All(IsReady),
                Patience, $"the {deployment} pod Ready", () => DescribeAsync(demo).GetAwaiter().GetResult());
            var pod = pods[0];
            Assert.True(WarmUp(pod) >= TimeSpan.FromSeconds(1), $"{pod.Metadata.Name} Ready {WarmUp(pod).TotalSeconds} s after it started: the 2 startup seconds did not hold it back");
            Assert.Contains($"\"{model}\"", await _http.GetStringAsync($"http://{pod.Status.PodIP}:8000/v1/models"), StringComparison.Ordinal);
            Report($"{pod.Metadata.Name} at {pod.Status.PodIP}: Ready {WarmUp(pod).TotalSeconds:0} s after its process started");
        }
    }

    /// <summary>Every gateway pod serves /v1/models at its pod IP, listing the route once it has its plan.</summary>
    private async Task GatewaysAnswerAtTheirPodIpsAsync(string alias)
    {
        var gateways = await PodsAsync(SystemNamespace, "app.kubernetes.io/component=gateway");
        Assert.Equal(2, gateways.Count);
        foreach (var pod in gateways)
        {
            var models = await Poll.UntilAsync(async () => await _http.GetStringAsync($"http://{pod.Status.PodIP}:8080/v1/models"),
                body => body!.Contains($"\"id\":\"{alias}\"", StringComparison.Ordinal), Patience, $"{pod.Metadata.Name} to list {alias}");
            Report($"{pod.Metadata.Name} at {pod.Status.PodIP}:8080/v1/models: {models}");
        }
    }

    /// <summary>More demand: the operator scales sim-large from 1 to 2; the new pod starts, warms up and turns Ready.</summary>
    private async Task ScaleUpAsync(string demo)
    {
        var clock = Stopwatch.StartNew();
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"demand":{"floorRequestsPerSecond":8}}}""", V1Patch.PatchType.MergePatch),
            "frontier.dev", "v1alpha1", demo, "modelroutes", "chat");
        await Poll.UntilAsync(async () => (await Client.AppsV1.ReadNamespacedDeploymentAsync("sim-large", demo)).Spec.Replicas, r => r == 2,
            Patience, "the operator to scale sim-large to 2", () => OperatorLogs(), every: TimeSpan.FromMilliseconds(100));
        var scaled = clock.Elapsed;
        var pods = await Poll.UntilAsync<IList<V1Pod>>(async () => await PodsAsync(demo, "app.kubernetes.io/name=sim-large"), ps => ps!.Count == 2 && ps.All(IsReady),
            Patience, "two sim-large pods Ready", () => DescribeAsync(demo).GetAwaiter().GetResult(), every: TimeSpan.FromMilliseconds(100));
        var ready = clock.Elapsed;
        var newest = pods.OrderBy(p => p.Metadata.CreationTimestamp).Last();
        Assert.True(WarmUp(newest) >= TimeSpan.FromSeconds(1), $"{newest.Metadata.Name} skipped its warm-up");
        Report($"scale-up: demand patch to Deployment scaled {scaled.TotalSeconds:0.0} s; scaled to the new pod Ready {(ready - scaled).TotalSeconds:0.0} s " +
            $"(of which the simulator's 2 startup seconds); patch to Ready {ready.TotalSeconds:0.0} s");
    }

    /// <summary>helm uninstall and deleting the demo: every pod goes, every process ends, nothing listens at the pod IPs.</summary>
    private async Task UninstallLeavesNothingRunningAsync(string demo)
    {
        var running = new List<(V1Pod Pod, string Container, int Pid)>();
        foreach (var ns in new[] { SystemNamespace, demo })
        {
            foreach (var pod in (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items)
            {
                foreach (var c in pod.Spec.Containers)
                {
                    var pid = cluster.ContainerPid(ns, pod.Metadata.Name, c.Name);
                    Assert.True(pid is not null, $"{ns}/{pod.Metadata.Name}/{c.Name} has no running process");
                    running.Add((pod, c.Name, pid.Value));
                }
            }
        }
        Assert.Equal(7, running.Count); // 2 operators, 2 gateways, 2 large and 1 small simulator

        var clock = Stopwatch.StartNew();
        (await cluster.Helm().RunAsync("uninstall", Release, "--namespace", SystemNamespace)).EnsureSuccess();
        await Client.CoreV1.DeleteNamespaceAsync(demo);
        await Poll.UntilAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(SystemNamespace)).Items.Count + (await Client.CoreV1.ListNamespacedPodAsync(demo)).Items.Count,
            n => n == 0, Patience, "every pod of the release and the demo removed");
        Report($"uninstall and namespace delete to every pod removed: {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var (pod, container, pid) in running)
        {
            Assert.False(Directory.Exists($"/proc/{pid}"), $"{pod.Metadata.Name}/{container} (pid {pid}) still runs");
            var port = pod.Spec.Containers.Single(c => c.Name == container).Ports[0].ContainerPort;
            Assert.False(await AcceptsAsync(pod.Status.PodIP, port), $"something still listens at {pod.Status.PodIP}:{port}");
        }
    }

    private async Task CleanUpAsync(string demo)
    {
        await cluster.Helm().RunAsync("uninstall", Release, "--namespace", SystemNamespace);
        foreach (var ns in new[] { demo, SystemNamespace })
        {
            try
            {
                await Client.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }
        }
        _http.Dispose();
    }

    private async Task<IList<V1Pod>> PodsAsync(string ns, string selector) =>
        (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    private async Task<JsonElement> RouteAsync(string ns)
    {
        var raw = await Client.CustomObjects.GetNamespacedCustomObjectAsync("frontier.dev", "v1alpha1", ns, "modelroutes", "chat");
        return JsonSerializer.SerializeToElement(raw);
    }

    private static string? Condition(JsonElement route, string type) =>
        route.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type).Select(c => c.GetProperty("status").GetString()).FirstOrDefault()
            : null;

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    // From the container's start to the pod's Ready (both with the API's one-second resolution).
    private static TimeSpan WarmUp(V1Pod pod) =>
        pod.Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value - pod.Status.ContainerStatuses[0].State.Running.StartedAt!.Value;

    private static async Task<bool> AcceptsAsync(string ip, int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(ip, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private string OperatorLogs() =>
        string.Join("\n", Directory.GetDirectories(Path.Combine(cluster.Directory, "pods"), $"{SystemNamespace}_*operator*")
            .Select(d => $"--- {Path.GetFileName(d)}\n{string.Join('\n', cluster.PodLog(SystemNamespace, Path.GetFileName(d)[(SystemNamespace.Length + 1)..], "operator").Split('\n').TakeLast(30))}"));

    private async Task<string> DescribeAsync(string ns) => (await cluster.Kubectl().RunAsync("describe", "pods", "-n", ns)).Output;

    private void Report(string line) => output.WriteLine($"[chart-on-pods] {line}");
}
