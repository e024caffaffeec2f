using System.Text.Json;
using System.Text.RegularExpressions;
using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using Frontier.Runtime;
using Frontier.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// One test's world on the shared cluster: its own namespace holding the sample benchmarks and route,
/// and a Deployment per candidate (no pods run: there is no scheduler, but the scale subresource works).
/// The route's candidates reach their model servers by <c>backend.url</c> instead of the sample's Services: with no
/// kubelet no Pod is ever ready, and the plan the gateway follows counts only ready Pods of a Service backend, so
/// these tests see the plan as the economics makes it (tests of readiness keep the Services and write Pod status themselves).
/// </summary>
internal sealed class TestBed(IKubeCluster cluster, string @namespace)
{
    public static readonly string[] Deployments = ["qwen72b", "wingpt", "qwen14b"];

    public IKubeCluster Cluster { get; } = cluster;

    public string Namespace { get; } = @namespace;

    public IKubernetes Client => Cluster.Client;

    /// <param name="cluster">The shared cluster.</param>
    /// <param name="prefix">The namespace's prefix.</param>
    /// <param name="serviceBackends">Keep the sample's Service backends (for tests that make Pods ready themselves).</param>
    public static async Task<TestBed> CreateAsync(IKubeCluster cluster, string prefix, bool serviceBackends = false)
    {
        await FrontierCrds.EnsureAsync(cluster);
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var bed = new TestBed(cluster, ns);
        var sample = await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml"));
        var manifests = sample.Replace("namespace: default", $"namespace: {ns}", StringComparison.Ordinal);
        var apply = await new Kubectl(cluster).ApplyAsync(serviceBackends ? manifests : UrlBackends(manifests));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        foreach (var name in Deployments) await bed.CreateDeploymentAsync(name);
        return bed;
    }

    /// <summary>The manifests with every <c>backend: {service: {name: X, port: P}}</c> turned into <c>backend: {url: http://X.invalid:P}</c>.</summary>
    public static string UrlBackends(string manifests) =>
        Regex.Replace(manifests, @"backend: \{service: \{name: ([a-z0-9-]+), port: (\d+)\}\}", "backend: {url: \"http://$1.invalid:$2\"}");

    /// <summary>Creates a candidate's Deployment, opted in to the route <paramref name="route"/> (null: not opted in).</summary>
    public Task CreateDeploymentAsync(string name, string? route = "chat") => ModelDeployments.CreateAsync(Client, Namespace, name, route);

    /// <summary>
    /// Scales a Deployment to one replica as its owner would (the test, not the operator) and returns the name of the
    /// pod the controller-manager creates for it (Pending: no kubelet), e.g. for DCGM series about that pod.
    /// </summary>
    public async Task<string> StartPodAsync(string deployment)
    {
        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), deployment, Namespace);
        var pods = await Poll.UntilAsync(async () => await ModelDeployments.PodNamesAsync(Client, Namespace, deployment), p => p?.Count == 1,
            TimeSpan.FromSeconds(60), $"the pod of Deployment {deployment}");
        return pods[0];
    }

    public async Task<int?> ReplicasAsync(string deployment) =>
        (await Client.AppsV1.ReadNamespacedDeploymentAsync(deployment, Namespace)).Spec.Replicas;

    public async Task<ModelRoute?> RouteAsync(string name = "chat")
    {
        try
        {
            var raw = await Client.CustomObjects.GetNamespacedCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, Namespace, "modelroutes", name);
            return KubernetesJson.Deserialize<ModelRoute>(JsonSerializer.Serialize(raw));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<GpuProfile> GpuProfileAsync(string name)
    {
        var raw = await Client.CustomObjects.GetClusterCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", name);
        return KubernetesJson.Deserialize<GpuProfile>(JsonSerializer.Serialize(raw));
    }

    public async Task<ModelBenchmark> BenchmarkAsync(string name)
    {
        var raw = await Client.CustomObjects.GetNamespacedCustomObjectAsync(FrontierApi.Group, FrontierApi.Version, Namespace, "modelbenchmarks", name);
        return KubernetesJson.Deserialize<ModelBenchmark>(JsonSerializer.Serialize(raw));
    }

    public Task PatchRouteAsync(string json, string name = "chat") =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(json, V1Patch.PatchType.MergePatch),
            FrontierApi.Group, FrontierApi.Version, Namespace, "modelroutes", name);

    public async Task ApplyAsync(string yaml)
    {
        var apply = await new Kubectl(Cluster).ApplyAsync(yaml.Replace("NAMESPACE", Namespace, StringComparison.Ordinal));
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    /// <summary>Waits for an Event with this reason about the route (the operator records it after writing the
    /// status, so it can trail the conditions a test waited for).</summary>
    public Task<Corev1EventList> EventAsync(string reason, Func<string>? diagnostics = null, string route = "chat") =>
        Poll.UntilAsync(() => Client.CoreV1.ListNamespacedEventAsync(Namespace)!,
            l => l!.Items.Any(e => e.Reason == reason && e.InvolvedObject.Name == route && e.InvolvedObject.Kind == "ModelRoute"),
            TimeSpan.FromSeconds(30), $"a {reason} event on ModelRoute {route}", diagnostics);

    public static V1Condition? Condition(ModelRoute? route, string type) => Conditions.Find(route?.Status?.Conditions, type);

    public static bool IsTrue(ModelRoute? route, string type) => Conditions.IsTrue(route?.Status?.Conditions, type);
}
