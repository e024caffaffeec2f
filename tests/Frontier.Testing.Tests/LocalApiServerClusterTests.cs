using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Testing.Tests;

[Collection(TestCollections.Kube)]
public sealed class LocalApiServerClusterTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private const string Group = "testing.frontier.dev";
    private const string Version = "v1";
    private const string Plural = "widgets";

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.testing.frontier.dev
        spec:
          group: testing.frontier.dev
          scope: Namespaced
          names: { plural: widgets, singular: widget, kind: Widget }
          versions:
          - name: v1
            served: true
            storage: true
            subresources: { status: {} }
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: { type: integer, minimum: 1, maximum: 10 }
                      color: { type: string, enum: [red, green, blue], default: green }
        """;

    [Fact]
    public async Task Cluster_is_a_local_apiserver_1_20_with_a_private_kubeconfig()
    {
        output.WriteLine($"{cluster}; `cluster.sh start` took {cluster.StartDuration.TotalSeconds:F1} s");
        Assert.Equal("local-apiserver", cluster.Kind);
        var version = await cluster.Client.Version.GetCodeAsync();
        Assert.Equal("v1.20.2", version.GitVersion);
        Assert.Equal("https://127.0.0.1:" + cluster.ApiServerPort + "/", cluster.Config.Host.TrimEnd('/') + "/");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cluster.KubeconfigPath));
        output.WriteLine((await cluster.StatusAsync()).Output);
    }

    [Fact]
    public async Task Namespace_and_ConfigMap_round_trip_through_KubernetesClient()
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast" } },
            ns);

        var read = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns);
        Assert.Equal("fast", read.Data["mode"]);

        // The static token from tokens.csv authenticates the same admin.
        using var tokenClient = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = cluster.ApiServerUri.ToString(),
            AccessToken = cluster.AdminToken,
            SslCaCerts = cluster.Config.SslCaCerts,
        });
        var viaToken = await tokenClient.CoreV1.ReadNamespacedConfigMapAsync("settings", ns);
        Assert.Equal("fast", viaToken.Data["mode"]);
    }

    [Fact]
    public async Task Crd_applied_with_kubectl_serves_custom_objects_and_they_survive_an_apiserver_restart()
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });

        var crdFile = Path.Combine(cluster.Directory, "widget-crd.yaml");
        await File.WriteAllTextAsync(crdFile, WidgetCrd);
        var kubectl = cluster.Kubectl();
        (await kubectl.ApplyFileAsync(crdFile)).EnsureSuccess();
        (await kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.testing.frontier.dev", "--timeout=30s")).EnsureSuccess();

        var widget = new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "Widget",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "w1" },
            ["spec"] = new Dictionary<string, object> { ["size"] = 3 },
        };
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, Version, ns, Plural);
        var created = ToJson(await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "w1"));
        Assert.Equal("green", created.GetProperty("spec").GetProperty("color").GetString()); // schema default applied

        // The structural schema is enforced (1.20 has no CEL; min/max/enum are what there is).
        var invalid = new Dictionary<string, object>(widget)
        {
            ["metadata"] = new Dictionary<string, object> { ["name"] = "w2" },
            ["spec"] = new Dictionary<string, object> { ["size"] = 99 },
        };
        var rejected = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(invalid, Group, Version, ns, Plural));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, rejected.Response.StatusCode);

        var stopwatch = Stopwatch.StartNew();
        await cluster.RestartApiServerAsync();
        output.WriteLine($"apiserver restart (stop + start until /readyz) took {stopwatch.Elapsed.TotalSeconds:F1} s");

        // Same client object as before the restart: its pooled connections were closed by the server.
        var afterRestart = ToJson(await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "w1"));
        Assert.Equal(3, afterRestart.GetProperty("spec").GetProperty("size").GetInt32());
        Assert.Equal(
            created.GetProperty("metadata").GetProperty("uid").GetString(),
            afterRestart.GetProperty("metadata").GetProperty("uid").GetString());

        var listed = await kubectl.RunAsync("get", "widgets.testing.frontier.dev", "-n", ns, "-o", "name");
        Assert.Equal("widget.testing.frontier.dev/w1", listed.EnsureSuccess().StdOut);
    }

    [Fact]
    public async Task Kubectl_and_helm_reach_the_cluster()
    {
        var version = (await cluster.Kubectl().RunAsync("version", "-o", "json")).EnsureSuccess();
        using var json = JsonDocument.Parse(version.StdOut);
        Assert.Equal("v1.20.2", json.RootElement.GetProperty("serverVersion").GetProperty("gitVersion").GetString());
        output.WriteLine("kubectl " + json.RootElement.GetProperty("clientVersion").GetProperty("gitVersion").GetString());

        var helm = (await cluster.Helm().RunAsync("list", "--all-namespaces")).EnsureSuccess();
        Assert.StartsWith("NAME", helm.StdOut);

        var failing = await cluster.Kubectl().RunAsync("get", "nosuchkind");
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains("nosuchkind", failing.StdErr);
    }

    [Fact]
    public async Task Controller_manager_creates_default_service_accounts()
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var accounts = await cluster.Client.CoreV1.ListNamespacedServiceAccountAsync(ns);
            if (accounts.Items.Any(a => a.Metadata.Name == "default")) return;
            Assert.True(DateTime.UtcNow < deadline, "no default ServiceAccount after 30 s: is kube-controller-manager running?");
            await Task.Delay(200);
        }
    }

    private static JsonElement ToJson(object value) =>
        value is JsonElement element ? element : JsonSerializer.SerializeToElement(value);
}
