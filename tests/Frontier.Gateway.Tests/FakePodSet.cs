using System.Globalization;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.Gateway.Tests;

/// <summary>
/// A Service and its Pods on an API server without a kubelet, each Pod "running" as a real simulator process at its
/// own loopback IP (127.x.y.i, all at the same port). The test plays the kubelet: it writes each Pod's status (podIP,
/// Ready) through the status subresource. Pods carry a finalizer, so a deleted one stays terminating (with its
/// deletionTimestamp) until the set is disposed, whatever the controller-manager's pod GC does.
/// </summary>
internal sealed class FakePodSet : IAsyncDisposable
{
    private const string Finalizer = "frontier.dev/test-hold";
    private readonly IKubernetes _client;
    private readonly string _ns;
    private readonly string[] _ips;
    private readonly FrontierSimulatorProcess[] _sims;

    private FakePodSet(IKubernetes client, string ns, string[] ips, FrontierSimulatorProcess[] sims)
    {
        _client = client;
        _ns = ns;
        _ips = ips;
        _sims = sims;
    }

    /// <summary>The simulator behind Pod <c>pod-i</c>.</summary>
    public FrontierSimulatorProcess Sim(int i) => _sims[i];

    public static string PodName(int i) => string.Create(CultureInfo.InvariantCulture, $"pod-{i}");

    /// <summary>Starts <paramref name="count"/> simulators at 127.<paramref name="subnet"/>.i:port, then creates Service
    /// <paramref name="service"/> (port 8000 → targetPort "http") and one not-yet-ready Pod per simulator.</summary>
    public static async Task<FakePodSet> CreateAsync(IKubernetes client, string ns, string service, int count, string subnet, string servedModel, double timeScale)
    {
        var port = PortAllocator.FreeLoopbackPort();
        var ips = Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"127.{subnet}.{i}")).ToArray();
        var sims = await Task.WhenAll(ips.Select((ip, i) => FrontierSimulatorProcess.StartAsync(
            ["--served-model", servedModel, "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture)], PodName(i), ip, port)));
        var set = new FakePodSet(client, ns, ips, sims);
        try
        {
            await set.CreateObjectsAsync(service, port);
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    private async Task CreateObjectsAsync(string service, int port)
    {
        var (client, ns) = (_client, _ns);
        var labels = new Dictionary<string, string> { ["app"] = service };
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = service },
            Spec = new V1ServiceSpec
            {
                Selector = labels,
                Ports = [new V1ServicePort { Name = "http", Port = 8000, TargetPort = (IntOrString)"http" }],
            },
        }, ns);
        for (var i = 0; i < _sims.Length; i++)
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = PodName(i), Labels = labels, Finalizers = [Finalizer] },
                Spec = new V1PodSpec
                {
                    AutomountServiceAccountToken = false,
                    Containers = [new V1Container { Name = "server", Image = "frontier-simulator", Ports = [new V1ContainerPort { Name = "http", ContainerPort = port }] }],
                },
            };
            // The service account controller creates "default" in a new namespace shortly after it; admission waits for it.
            await Poll.UntilAsync(async () => await client.CoreV1.CreateNamespacedPodAsync(pod, ns), p => p is not null, TimeSpan.FromSeconds(30), $"creating {PodName(i)}");
        }
    }

    /// <summary>Writes Pod i's status as a kubelet would: running at its IP, Ready as given.</summary>
    public Task SetReadyAsync(int i, bool ready) =>
        _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch($$$"""
            {"status":{"phase":"Running","podIP":"{{{_ips[i]}}}","podIPs":[{"ip":"{{{_ips[i]}}}"}],
             "conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}]}}
            """, V1Patch.PatchType.MergePatch), PodName(i), _ns);

    /// <summary>Deletes Pod i with a grace period: it stays, terminating (no kubelet ends it, and the finalizer holds it).</summary>
    public async Task DeleteGracefullyAsync(int i)
    {
        await _client.CoreV1.DeleteNamespacedPodAsync(PodName(i), _ns, gracePeriodSeconds: 30);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync(PodName(i), _ns);
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
    }

    /// <summary>Requests the simulator behind Pod i has answered.</summary>
    public Task<double> FinishedAsync(int i) => _sims[i].RequestsFinishedAsync();

    /// <summary>Running + waiting on the simulator behind Pod i now.</summary>
    public async Task<int> ConcurrencyAsync(int i)
    {
        var text = await _sims[i].MetricsAsync();
        return (int)(PrometheusText.Sum(text, "vllm:num_requests_running") + PrometheusText.Sum(text, "vllm:num_requests_waiting"));
    }

    public int Count => _sims.Length;

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _sims.Length; i++)
        {
            try
            {
                await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), PodName(i), _ns);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                // already gone
            }
        }
        foreach (var sim in _sims) await sim.DisposeAsync();
    }
}
