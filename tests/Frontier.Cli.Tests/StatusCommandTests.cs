using System.Text.Json;
using System.Text.Json.Nodes;
using Frontier.Api.Manifests;
using Frontier.Planning;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Cli.Tests;

/// <summary>
/// `frontier status` against a real API server: a route whose status holds the plan RoutePlanner makes for the
/// sample at 20 req/s (as the operator would write it), one candidate Deployment that exists and asks for more than
/// that plan serves with (as while a replacement warms up; no kubelet runs here, so none of its pods is ready), one
/// that does not exist, and one candidate without a Deployment.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class StatusCommandTests(LocalApiServerCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private const double Demand = 20;
    private readonly string _ns = $"status-{Guid.NewGuid().ToString("N")[..6]}";
    private RoutePlan _plan = null!;

    /// <summary>qwen72b's Deployment's spec.replicas: more than the plan's replicas for it, which ready/asked must not show.</summary>
    private int Asked => _plan.Allocation.Candidates.Single(c => c.Name == "qwen72b").Replicas + 2;

    public async Task InitializeAsync()
    {
        await FrontierCrds.EnsureAsync(cluster);
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _ns } });
        var sample = await File.ReadAllTextAsync(Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml"));
        var set = ManifestLoader.LoadText(sample, "paper-a800.yaml");
        var route = set.FindRoute("chat")!;
        _plan = RoutePlanner.Plan(route, set, Demand);

        var apply = await new Kubectl(cluster).ApplyAsync(sample.Replace("namespace: default", $"namespace: {_ns}", StringComparison.Ordinal));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        // qwen72b's Deployment exists, wingpt's does not, and qwen14b names none (a merge patch replaces the whole list).
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("qwen72b", Asked), _ns);
        var candidates = route.Spec.Candidates!.Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name, ["benchmark"] = c.Benchmark, ["servedModel"] = c.ServedModel,
            ["backend"] = new { service = new { name = c.Name, port = 8000 } },
            ["deployment"] = c.Name == "qwen14b" ? null : c.Deployment,
            ["replicas"] = new { min = c.Replicas?.Min, max = c.Replicas?.Max },
        }.Where(kv => kv.Value is not null).ToDictionary());
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(
            JsonSerializer.Serialize(new { spec = new { candidates } }), V1Patch.PatchType.MergePatch), "frontier.dev", "v1alpha1", _ns, "modelroutes", "chat");
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(StatusJson(), V1Patch.PatchType.MergePatch),
            "frontier.dev", "v1alpha1", _ns, "modelroutes", "chat");
    }

    public Task DisposeAsync() => cluster.Client.CoreV1.DeleteNamespaceAsync(_ns);

    [Fact]
    public void The_table_shows_demand_plan_readiness_and_conditions()
    {
        var result = CliRunner.Run("status", "chat", "--kubeconfig", cluster.KubeconfigPath, "-n", _ns);
        output.WriteLine(result.Out);
        Assert.True(result.ExitCode == 0, result.Err);
        var a = _plan.Allocation;
        Assert.Contains($"ModelRoute {_ns}/chat (model chat, MaxQuality)", result.Out, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"demand   {Demand:0.###} req/s (prometheus)"), result.Out, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"${a.HourlyCost:0.###}/h of $12/h, expected quality {a.ExpectedQuality:0.##}"), result.Out, StringComparison.Ordinal);
        var q72 = a.Candidates.Single(c => c.Name == "qwen72b");
        // ready/asked from the Deployment (it exists, no pod of it is ready), serving from status.plan.
        Assert.Matches($@"qwen72b\s+qwen72b\s+0/{Asked}\s+{q72.Replicas}\s", result.Out);
        Assert.Matches($@"wingpt\s+wingpt\s+\?\s+{a.Candidates.Single(c => c.Name == "wingpt").Replicas}\s", result.Out);
        Assert.Single(result.Out.Split('\n'), l => l == $"  ready/asked unknown for wingpt: Deployment {_ns}/wingpt not found");
        Assert.Matches(@"qwen14b\s+-\s+-\s+\d", result.Out);
        Assert.Contains("BudgetSatisfiable", result.Out, StringComparison.Ordinal);
        Assert.Contains("the plan fits the budget", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_carries_the_status_and_readiness_for_scripts()
    {
        var result = CliRunner.Run("status", "--kubeconfig", cluster.KubeconfigPath, "-n", _ns, "-o", "json");
        Assert.True(result.ExitCode == 0, result.Err);
        var route = Assert.Single(JsonNode.Parse(result.Out)!.AsArray())!;
        Assert.Equal($"{_ns}/chat", route["route"]!.GetValue<string>());
        Assert.Equal(_plan.Allocation.HourlyCost, route["planHourlyCostUsd"]!.GetValue<double>(), 9);
        var byName = route["candidates"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>());
        foreach (var c in _plan.Allocation.Candidates)
        {
            Assert.Equal(c.Replicas, byName[c.Name]!["replicasPlanned"]!.GetValue<int>());
            Assert.Equal(c.Weight, byName[c.Name]!["weight"]!.GetValue<double>(), 9);
        }
        Assert.Equal(0, byName["qwen72b"]!["replicasReady"]!.GetValue<int>());
        Assert.Equal(Asked, byName["qwen72b"]!["replicasAsked"]!.GetValue<int>());
        Assert.Null(byName["wingpt"]!["replicasReady"]);
        Assert.Null(byName["wingpt"]!["replicasAsked"]);
        Assert.Equal($"Deployment {_ns}/wingpt not found", byName["wingpt"]!["deploymentProblem"]!.GetValue<string>());
        Assert.Equal(_plan.Frontier.Count, route["frontier"]!.AsArray().Count);
    }

    [Fact]
    public void The_plot_draws_the_live_frontier_and_a_route_that_is_not_there_is_named()
    {
        using var cli = new CliRunner();
        var png = Environment.GetEnvironmentVariable("FRONTIER_STATUS_PLOT") ?? cli.PathOf("status.png"); // keep the figure: set the variable
        var result = CliRunner.Run("status", "chat", "--kubeconfig", cluster.KubeconfigPath, "-n", _ns, "--plot", png);
        Assert.True(result.ExitCode == 0, result.Err);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"not a drawn PNG: {bytes.Length} bytes");

        var missing = CliRunner.Run("status", "nope", "--kubeconfig", cluster.KubeconfigPath, "-n", _ns);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"frontier status: no ModelRoute 'nope' in namespace {_ns}; found: {_ns}/chat\n", missing.Err);
        var all = CliRunner.Run("status", "-A", "--kubeconfig", cluster.KubeconfigPath, "-o", "json");
        Assert.True(all.ExitCode == 0, all.Err);
        Assert.Contains(JsonNode.Parse(all.Out)!.AsArray(), r => r!["route"]!.GetValue<string>() == $"{_ns}/chat");
    }

    [Fact]
    public async Task A_user_who_may_not_get_deployments_sees_the_route_and_one_line_saying_so()
    {
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "viewer" } }, _ns);
        await cluster.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "routes-only" },
            Rules = [new V1PolicyRule { ApiGroups = ["frontier.dev"], Resources = ["modelroutes"], Verbs = ["get", "list"] }],
        }, _ns);
        await cluster.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "viewer-routes-only" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "routes-only" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "viewer", NamespaceProperty = _ns }],
        }, _ns);
        using var viewer = await ServiceAccountCluster.CreateAsync(cluster, _ns, "viewer");

        var result = await Poll.UntilAsync(() => Task.FromResult<CliRunner.Result?>(CliRunner.Run("status", "chat", "--kubeconfig", viewer.KubeconfigPath)),
            r => r!.ExitCode == 0, TimeSpan.FromSeconds(20), "the viewer's Role to take effect", describe: r => r?.Err ?? "");
        output.WriteLine(result!.Out);
        Assert.Matches(@"qwen72b\s+qwen72b\s+\?\s", result.Out);
        var line = $"  ready/asked unknown for qwen72b, wingpt: not allowed to get Deployments in namespace {_ns} (the kubeconfig's user needs get on deployments)";
        Assert.Single(result.Out.Split('\n'), l => l == line);
        Assert.DoesNotContain("not allowed", result.Out.Replace(line, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private string StatusJson()
    {
        var a = _plan.Allocation;
        var status = new
        {
            status = new
            {
                observedGeneration = 1,
                demand = new { requestsPerSecond = Demand, source = "prometheus" },
                plan = new
                {
                    hourlyCost = a.HourlyCost, expectedQuality = a.ExpectedQuality, powerSource = "assumed",
                    candidates = a.Candidates.Select(c => new
                    {
                        name = c.Name, weight = c.Weight, replicas = c.Replicas, concurrencyPerReplica = c.ConcurrencyPerReplica,
                        maxInFlight = c.MaxInFlight, costPerRequestUsd = c.CostPerRequestUsd ?? 0, throughputFactor = 1.0,
                    }),
                },
                frontier = _plan.Frontier.Select(p => new { name = p.Name, concurrency = p.Concurrency, costPerRequestUsd = p.CostPerRequestUsd, quality = p.Quality }),
                lastPlanTime = "2026-12-07T04:00:00Z",
                conditions = new[]
                {
                    new { type = "Ready", status = "True", reason = "PlanApplied", message = "the plan is applied", lastTransitionTime = "2026-12-07T04:00:00Z" },
                    new { type = "BudgetSatisfiable", status = "True", reason = "WithinBudget", message = "the plan fits the budget", lastTransitionTime = "2026-12-07T04:00:00Z" },
                },
            },
        };
        return JsonSerializer.Serialize(status);
    }

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "m", Image = "frontier-simulator" }] },
            },
        },
    };
}
