using System.Diagnostics;
using Frontier.Testing;
using k8s;
using k8s.Models;

namespace Frontier.Gateway.Tests;

internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}

public sealed class FileSourceTests
{
    private const string Route = """
        apiVersion: frontier.dev/v1alpha1
        kind: ModelRoute
        metadata: {name: r, namespace: ns}
        spec:
          model: ALIAS
          candidates:
            - {name: c, benchmark: b, servedModel: m, backend: {url: "http://127.0.0.1:9"}, replicas: {max: 1}}
        """;

    [Fact(Timeout = 60_000)]
    public async Task The_routes_file_is_loaded_and_reloaded_when_it_changes_and_a_bad_edit_keeps_the_last_table()
    {
        var dir = Directory.CreateTempSubdirectory("frontier-gw-");
        try
        {
            var file = Path.Combine(dir.FullName, "routes.yaml");
            await File.WriteAllTextAsync(file, Route.Replace("ALIAS", "first", StringComparison.Ordinal));
            await using var gw = await GatewayHarness.StartAsync(["--routes", file]);
            await Wait.UntilAsync(() => gw.Holder.Current.Find("first") is not null, "first load");
            Assert.Equal("ready", await gw.Client.GetStringAsync("/readyz"));

            await File.WriteAllTextAsync(file, Route.Replace("ALIAS", "second", StringComparison.Ordinal));
            await Wait.UntilAsync(() => gw.Holder.Current.Find("second") is not null, "reload");
            Assert.Null(gw.Holder.Current.Find("first"));

            await File.WriteAllTextAsync(file, "kind: ModelRoute\napiVersion: frontier.dev/v1alpha1\nmetadata: {name: r}\nspec: {candidates: []}\n");
            await Task.Delay(3000);
            Assert.NotNull(gw.Holder.Current.Find("second"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

[Collection(TestCollections.Kube)]
public sealed class KubeSourceTests(LocalApiServerCluster cluster)
{
    [Fact(Timeout = 180_000)]
    public async Task The_table_follows_a_ModelRoute_and_its_status_plan_on_the_API_server()
    {
        var kubectl = new Kubectl(cluster);
        var crds = await kubectl.RunAsync("apply", "-f", Path.Combine(RepoPaths.RepoRoot, "crds"));
        Assert.True(crds.ExitCode == 0, crds.ToString());
        var ns = "gw-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var yaml = $$$"""
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: chat, namespace: {{{ns}}}}
            spec:
              model: chat-{{{ns}}}
              candidates:
                - {name: big, benchmark: big-b, servedModel: m-big, backend: {service: {name: big, port: 8000}}, replicas: {max: 2}}
                - {name: small, benchmark: small-b, servedModel: m-small, backend: {url: "http://small:8000"}, replicas: {max: 2}}
            """;
        // kubectl may need a moment until the new CRD is served.
        ToolResult applied = await kubectl.ApplyAsync(yaml);
        for (var i = 0; i < 50 && applied.ExitCode != 0; i++)
        {
            await Task.Delay(200);
            applied = await kubectl.ApplyAsync(yaml);
        }
        Assert.True(applied.ExitCode == 0, applied.ToString());

        await using var gw = await GatewayHarness.StartAsync(["--kubeconfig", cluster.KubeconfigPath, "--namespace", ns]);
        await Wait.UntilAsync(() => gw.Holder.Current.Find($"chat-{ns}") is not null, "route from the API server", TimeSpan.FromSeconds(60));
        var route = gw.Holder.Current.Find($"chat-{ns}")!;
        Assert.False(route.HasPlan);
        Assert.Equal($"http://big.{ns}.svc:8000", route.Candidates[0].Address);
        Assert.All(route.Candidates, c => Assert.Equal(1, c.Weight));

        var patch = """
            {"status":{"frontier":[{"name":"small","concurrency":8,"costPerRequestUsd":0.001,"quality":50},{"name":"big","concurrency":8,"costPerRequestUsd":0.01,"quality":80}],
             "plan":{"hourlyCost":2,"expectedQuality":70,"candidates":[
               {"name":"big","weight":0.6,"replicas":1,"concurrencyPerReplica":8,"maxInFlight":8,"costPerRequestUsd":0.01,"throughputFactor":1},
               {"name":"small","weight":0.4,"replicas":1,"concurrencyPerReplica":16,"maxInFlight":16,"costPerRequestUsd":0.001,"throughputFactor":1}]}}}
            """;
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), "frontier.dev", "v1alpha1", ns, "modelroutes", "chat");
        await Wait.UntilAsync(() => gw.Holder.Current.Find($"chat-{ns}")?.HasPlan == true, "the plan", TimeSpan.FromSeconds(60));
        route = gw.Holder.Current.Find($"chat-{ns}")!;
        Assert.Equal(["small", "big"], route.Candidates.Select(c => c.Name));
        Assert.Equal(0.4, route.Candidates[0].Weight);
        Assert.Equal(8, route.Candidates[1].MaxInFlight);

        var deleted = await kubectl.RunAsync("delete", "modelroute", "chat", "-n", ns);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        await Wait.UntilAsync(() => gw.Holder.Current.Find($"chat-{ns}") is null, "the deletion", TimeSpan.FromSeconds(60));
    }
}
