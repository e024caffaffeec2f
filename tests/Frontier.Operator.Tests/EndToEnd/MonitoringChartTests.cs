using System.Text.Json.Nodes;
using Frontier.Api.Manifests;
using Frontier.Testing;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The chart's operations objects: the PrometheusRule and ServiceMonitors (only where prometheus-operator's API is
/// served), the Grafana dashboard ConfigMap, the gateway's PodDisruptionBudget and the optional NetworkPolicies.
/// Rendered with the real helm; the rules themselves are tested with promtool (<see cref="AlertRulesTests"/>) and the
/// dashboard's queries against a real Prometheus in the closed-loop test.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class MonitoringChartTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly string ChartDir = Path.Combine(RepoPaths.RepoRoot, "charts", "frontier");

    private static readonly string[] MonitoringApis =
        ["--api-versions", "monitoring.coreos.com/v1/PrometheusRule", "--api-versions", "monitoring.coreos.com/v1/ServiceMonitor"];

    [Fact(Timeout = 60_000)]
    public async Task PrometheusRule_and_ServiceMonitors_render_only_where_prometheus_operator_is_served()
    {
        Assert.DoesNotContain(await RenderAsync(), o => Kind(o) is "PrometheusRule" or "ServiceMonitor");

        var objects = await RenderAsync(MonitoringApis);
        var rule = Assert.Single(objects, o => Kind(o) == "PrometheusRule");
        var file = YamlFile(Path.Combine(ChartDir, "files", "frontier-alerts.yaml"));
        Assert.True(JsonNode.DeepEquals(file["groups"], rule["spec"]!["groups"]), "the PrometheusRule must carry exactly the rule file's groups");

        var monitors = objects.Where(o => Kind(o) == "ServiceMonitor").ToList();
        Assert.Equal(["frontier-gateway", "frontier-operator"], monitors.Select(Name).Order().ToArray());
        foreach (var monitor in monitors)
        {
            // It selects its component's Service, by labels that Service carries, on a port that Service names.
            var component = Name(monitor)["frontier-".Length..];
            var service = Assert.Single(objects, o => Kind(o) == "Service" && Name(o) == $"frontier-{component}");
            var selector = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject();
            Assert.NotEmpty(selector);
            Assert.All(selector, l => Assert.Equal(l.Value!.GetValue<string>(), service["metadata"]!["labels"]![l.Key]?.GetValue<string>()));
            var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
            Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
            Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == endpoint["port"]!.GetValue<string>());
        }

        Assert.DoesNotContain(await RenderAsync([.. MonitoringApis, "--set", "monitoring.prometheusRule.enabled=false", "--set", "monitoring.serviceMonitor.enabled=false"]),
            o => Kind(o) is "PrometheusRule" or "ServiceMonitor");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_dashboard_ships_in_a_ConfigMap_Grafanas_sidecar_loads_and_every_panel_has_a_query()
    {
        var objects = await RenderAsync("--set", "monitoring.dashboard.namespace=grafana");
        var map = Assert.Single(objects, o => Kind(o) == "ConfigMap" && Name(o) == "frontier-dashboard");
        Assert.Equal("1", map["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
        Assert.Equal("grafana", map["metadata"]!["namespace"]!.GetValue<string>());
        var shipped = JsonNode.Parse(map["data"]!["frontier-dashboard.json"]!.GetValue<string>())!;
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ChartDir, "files", "frontier-dashboard.json")))!;
        Assert.True(JsonNode.DeepEquals(file, shipped), "the ConfigMap must carry the dashboard file unchanged");

        var queries = Dashboard.Queries(file);
        output.WriteLine($"{queries.Count} queries in {Dashboard.Panels(file).Count()} panels");
        Assert.All(Dashboard.Panels(file), p => Assert.NotEmpty(p["targets"]!.AsArray()));
        Assert.True(queries.Count >= 15, $"expected the dashboard's panels to hold at least 15 queries, found {queries.Count}");

        Assert.DoesNotContain(await RenderAsync("--set", "monitoring.dashboard.enabled=false"), o => Kind(o) == "ConfigMap");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_gateway_has_a_disruption_budget_when_it_runs_more_than_one_replica()
    {
        var pdb = Assert.Single(await RenderAsync(), o => Kind(o) == "PodDisruptionBudget");
        Assert.Equal("policy/v1", pdb["apiVersion"]!.GetValue<string>());
        Assert.Equal(1, pdb["spec"]!["minAvailable"]!.GetValue<long>());
        Assert.Equal("gateway", pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>());

        Assert.DoesNotContain(await RenderAsync("--set", "gateway.replicaCount=1"), o => Kind(o) == "PodDisruptionBudget");
    }

    [Fact(Timeout = 60_000)]
    public async Task NetworkPolicies_are_opt_in_and_admit_only_the_http_port_from_the_configured_peers()
    {
        Assert.DoesNotContain(await RenderAsync(), o => Kind(o) == "NetworkPolicy");

        var objects = await RenderAsync("--set", "networkPolicy.enabled=true",
            "--set", "networkPolicy.gatewayFrom[0].namespaceSelector.matchLabels.team=llm");
        var policies = objects.Where(o => Kind(o) == "NetworkPolicy").ToList();
        Assert.Equal(["frontier-gateway", "frontier-operator"], policies.Select(Name).Order().ToArray());
        foreach (var policy in policies)
        {
            var ingress = Assert.Single(policy["spec"]!["ingress"]!.AsArray())!;
            Assert.Equal("http", Assert.Single(ingress["ports"]!.AsArray())!["port"]!.GetValue<string>());
            Assert.Equal(["Ingress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray());
        }
        var gateway = policies.Single(p => Name(p) == "frontier-gateway");
        Assert.Equal("llm", gateway["spec"]!["ingress"]![0]!["from"]![0]!["namespaceSelector"]!["matchLabels"]!["team"]!.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Helm_4_lints_the_chart_and_renders_the_same_objects_as_Helm_3()
    {
        var helm4 = new Helm(cluster, ClusterScript.Helm4Path);
        var version = await helm4.RunAsync("version", "--short");
        Assert.StartsWith("v4.", version.StdOut, StringComparison.Ordinal);
        var lint = await helm4.RunAsync("lint", "--strict", ChartDir);
        Assert.True(lint.ExitCode == 0, lint.ToString());

        string[] args = [.. MonitoringApis, "--set", "networkPolicy.enabled=true"];
        var three = await RenderAsync(args);
        var four = await RenderAsync(helm4, args);
        output.WriteLine($"{three.Count} objects from helm 3, {four.Count} from helm 4 ({version.StdOut.Trim()})");
        Assert.Equal(three.Select(Id).Order(), four.Select(Id).Order());
        foreach (var o in three)
            Assert.True(JsonNode.DeepEquals(o, four.Single(f => Id(f) == Id(o))), $"{Id(o)} differs between helm 3 and helm 4");
    }

    private static string Id(JsonNode o) => $"{Kind(o)}/{Name(o)}";

    private Task<List<JsonNode>> RenderAsync(params string[] args) => RenderAsync(cluster.Helm(), args);

    private static async Task<List<JsonNode>> RenderAsync(Helm helm, params string[] args)
    {
        var result = await helm.RunAsync(["template", "frontier", ChartDir, "--namespace", "frontier-system", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Documents(result.StdOut);
    }

    private static JsonNode YamlFile(string path) => Assert.Single(Documents(File.ReadAllText(path)));

    /// <summary>Each mapping document of a YAML stream, as the API server would read it.</summary>
    private static List<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml)) stream.Load(reader);
        return [.. stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => YamlToJson.Convert(d.RootNode)!)];
    }

    private static string? Kind(JsonNode o) => o["kind"]?.GetValue<string>();

    private static string Name(JsonNode o) => o["metadata"]!["name"]!.GetValue<string>();
}
