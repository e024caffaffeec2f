using System.Net;
using System.Text.RegularExpressions;
using Frontier.Api.Schema;
using Frontier.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// charts/frontier, which is how the product is installed: lint, rendering with values, the operator's
/// ClusterRole against config/rbac, and install, upgrade and uninstall on the real local API server (no
/// kubelet: pods stay Pending, so nothing waits for them). The chart's ServiceAccounts are then used for
/// real: the operator reconciles with its token, and the gateway's token reads ModelRoutes, Pods and Services and
/// nothing more.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class HelmChartTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private static readonly string ChartDir = Path.Combine(RepoPaths.RepoRoot, "charts", "frontier");

    private static readonly string[] CrdNames = ["gpuprofiles.frontier.dev", "modelbenchmarks.frontier.dev", "modelroutes.frontier.dev"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Component = "app.kubernetes.io/component";

    private static string AppVersion { get; } =
        Regex.Match(File.ReadAllText(Path.Combine(ChartDir, "Chart.yaml")), "(?m)^appVersion:\\s*\"?([^\"\\s]+)").Groups[1].Value;

    // ---- helm lint / helm template ------------------------------------------------------------

    [Fact(Timeout = 60_000)]
    public async Task Helm_lint_passes_in_strict_mode()
    {
        var lint = await cluster.Helm().RunAsync("lint", "--strict", ChartDir);
        output.WriteLine(lint.ToString());
        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", lint.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", lint.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", lint.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Defaults_render_two_replicas_of_each_component_hardened_and_probed()
    {
        Assert.Equal("0.1.0", AppVersion);
        var objects = await RenderAsync("frontier", "frontier-system");

        var op = Named<V1Deployment>(objects, "frontier-operator");
        var gw = Named<V1Deployment>(objects, "frontier-gateway");
        Assert.Equal(2, op.Spec.Replicas);
        Assert.Equal(2, gw.Spec.Replicas);
        Assert.Equal($"frontier-operator:{AppVersion}", Container(op).Image);
        Assert.Equal($"frontier-gateway:{AppVersion}", Container(gw).Image);
        Assert.Equal(["--in-cluster", "--urls", "http://0.0.0.0:8080", "--gateway-replicas", "2"], Container(gw).Args); // each replica's share of a Pod's cap
        Assert.Equal(["--urls=http://0.0.0.0:8080"], Container(op).Args);

        foreach (var deployment in new[] { op, gw })
        {
            var pod = deployment.Spec.Template.Spec;
            var c = Container(deployment);
            var what = deployment.Metadata.Name;
            var port = Assert.Single(c.Ports);
            Assert.Equal(("http", 8080), (port.Name, port.ContainerPort));
            Assert.Equal(("/healthz", "http"), (c.LivenessProbe.HttpGet.Path, c.LivenessProbe.HttpGet.Port.Value));
            Assert.Equal(("/readyz", "http"), (c.ReadinessProbe.HttpGet.Path, c.ReadinessProbe.HttpGet.Port.Value));
            Assert.True(pod.SecurityContext.RunAsNonRoot == true && c.SecurityContext.RunAsNonRoot == true, $"{what}: runAsNonRoot");
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem == true, $"{what}: readOnlyRootFilesystem");
            Assert.True(c.SecurityContext.AllowPrivilegeEscalation == false, $"{what}: allowPrivilegeEscalation");
            Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
            Assert.Contains(c.VolumeMounts, m => m.MountPath == "/tmp"); // writable /tmp on a read-only root
            Assert.True(c.Resources.Requests.ContainsKey("cpu") && c.Resources.Requests.ContainsKey("memory"), $"{what}: resource requests");
            Assert.True(c.Resources.Limits.ContainsKey("memory"), $"{what}: memory limit");
            Assert.Equal("true", deployment.Spec.Template.Metadata.Annotations["prometheus.io/scrape"]);
            Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
            Assert.Equal(deployment.Metadata.Name, pod.ServiceAccountName);
            Assert.Contains(objects.OfType<V1ServiceAccount>(), sa => sa.Metadata.Name == pod.ServiceAccountName);
        }

        // Each Service selects its own component's pods, and only those.
        var gwService = Named<V1Service>(objects, "frontier-gateway");
        var opService = Named<V1Service>(objects, "frontier-operator");
        Assert.Equal("ClusterIP", gwService.Spec.Type);
        var gwPort = Assert.Single(gwService.Spec.Ports);
        Assert.Equal((80, "http"), (gwPort.Port, gwPort.TargetPort.Value));
        Assert.Equal((8080, "http"), (Assert.Single(opService.Spec.Ports).Port, opService.Spec.Ports[0].TargetPort.Value));
        Assert.True(Selects(gwService, gw) && !Selects(gwService, op), "the gateway Service must select the gateway pods only");
        Assert.True(Selects(opService, op) && !Selects(opService, gw), "the operator Service must select the operator pods only");

        // The gateway reads ModelRoutes, and the Pods and Services behind them, cluster-wide, and nothing else.
        var gwRole = Named<V1ClusterRole>(objects, "frontier-gateway");
        Assert.Equal([
            "frontier.dev|modelroutes|get", "frontier.dev|modelroutes|list", "frontier.dev|modelroutes|watch",
            "|pods|get", "|pods|list", "|pods|watch", "|services|get", "|services|list", "|services|watch"], Permissions(gwRole.Rules));
        var gwBinding = Named<V1ClusterRoleBinding>(objects, "frontier-gateway");
        Assert.Equal(("ClusterRole", "frontier-gateway"), (gwBinding.RoleRef.Kind, gwBinding.RoleRef.Name));
        Assert.Equal(("ServiceAccount", "frontier-gateway", "frontier-system"),
            (Assert.Single(gwBinding.Subjects).Kind, gwBinding.Subjects[0].Name, gwBinding.Subjects[0].NamespaceProperty));
        Assert.DoesNotContain(objects, o => o is V1Role or V1RoleBinding);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_operator_gets_a_small_gen0_budget_by_default_and_an_empty_value_leaves_the_runtime_default()
    {
        var defaults = Container(Named<V1Deployment>(await RenderAsync("frontier", "frontier-system"), "frontier-operator"));
        Assert.Equal("0x400000", Assert.Single(defaults.Env, e => e.Name == "DOTNET_GCgen0size").Value);

        var unset = Container(Named<V1Deployment>(
            await RenderAsync("frontier", "frontier-system", "--set-string", "operator.gcGen0Size="), "frontier-operator"));
        Assert.DoesNotContain(unset.Env, e => e.Name == "DOTNET_GCgen0size");
    }

    [Fact(Timeout = 60_000)]
    public async Task Values_reach_the_deployments_and_the_operator_binds_every_setting()
    {
        var objects = await RenderAsync("frontier", "frontier-system",
            "--set", "operator.replicaCount=3",
            "--set", "operator.prometheusUrl=http://prometheus.monitoring.svc:9090",
            "--set", "operator.image.repository=registry.example/frontier-operator",
            "--set-string", "operator.image.tag=1.2.3-test",
            "--set", "operator.watchNamespace=llm",
            "--set", "operator.defaultInterval=1m",
            "--set", "operator.workers=4",
            "--set", "operator.nodeSelector.pool=cpu",
            "--set", "gateway.replicaCount=4",
            "--set", "gateway.watchNamespace=llm",
            "--set", "gateway.service.type=LoadBalancer",
            "--set", "gateway.service.port=8000",
            "--set", "gateway.tolerations[0].key=dedicated",
            "--set", "gateway.tolerations[0].operator=Exists",
            "--set", "gateway.podAnnotations.team=llm");

        var op = Named<V1Deployment>(objects, "frontier-operator");
        Assert.Equal(3, op.Spec.Replicas);
        Assert.Equal("registry.example/frontier-operator:1.2.3-test", Container(op).Image);
        Assert.Equal("cpu", op.Spec.Template.Spec.NodeSelector["pool"]);
        var identity = Assert.Single(Container(op).Env, e => e.Name == "Frontier__Identity");
        Assert.Equal("metadata.name", identity.ValueFrom.FieldRef.FieldPath);

        // The container's environment, as the operator's configuration reads it (env FOO__BAR is key
        // FOO:BAR), binds to OperatorOptions with no unknown key: a misspelt setting fails here.
        var settings = Container(op).Env
            .Where(e => e.Name.StartsWith("Frontier__", StringComparison.Ordinal))
            .ToDictionary(e => e.Name.Replace("__", ":", StringComparison.Ordinal),
                e => e.ValueFrom?.FieldRef?.FieldPath == "metadata.name" ? "frontier-operator-5d8c7-x2x9z" : (string?)e.Value);
        var options = new OperatorOptions();
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Frontier");
        Durations.NormalizeSettings(section, OperatorOptions.DurationKeys); // as the operator's Program does
        section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        Assert.Equal("http://prometheus.monitoring.svc:9090", options.PrometheusUrl);
        Assert.Equal("llm", options.WatchNamespace);
        Assert.Equal("frontier-system", options.LeaseNamespace);
        Assert.Equal("frontier-operator", options.LeaseName);
        Assert.Equal("frontier-operator-5d8c7-x2x9z", options.Identity);
        Assert.Equal(TimeSpan.FromMinutes(1), options.DefaultInterval);
        Assert.Equal(4, options.Workers);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)),
            (options.LeaseDuration, options.RenewDeadline, options.RetryPeriod));
        Assert.Null(options.Kubeconfig); // in a pod: the in-cluster configuration

        var gw = Named<V1Deployment>(objects, "frontier-gateway");
        Assert.Equal(4, gw.Spec.Replicas);
        Assert.Equal($"frontier-gateway:{AppVersion}", Container(gw).Image);
        Assert.Equal(["--in-cluster", "--namespace", "llm", "--urls", "http://0.0.0.0:8080", "--gateway-replicas", "4"], Container(gw).Args);
        var toleration = Assert.Single(gw.Spec.Template.Spec.Tolerations);
        Assert.Equal(("dedicated", "Exists"), (toleration.Key, toleration.OperatorProperty));
        Assert.Equal("llm", gw.Spec.Template.Metadata.Annotations["team"]);
        Assert.Equal("true", gw.Spec.Template.Metadata.Annotations["prometheus.io/scrape"]);
        var service = Named<V1Service>(objects, "frontier-gateway");
        Assert.Equal("LoadBalancer", service.Spec.Type);
        Assert.Equal((8000, "http"), (Assert.Single(service.Spec.Ports).Port, service.Spec.Ports[0].TargetPort.Value));

        // With a watch namespace the gateway gets a Role there instead of a ClusterRole.
        Assert.DoesNotContain(objects, o => o is V1ClusterRole r && r.Metadata.Name == "frontier-gateway");
        var role = Assert.Single(objects.OfType<V1Role>());
        Assert.Equal(("frontier-gateway", "llm"), (role.Metadata.Name, role.Metadata.NamespaceProperty));
        Assert.Equal([
            "frontier.dev|modelroutes|get", "frontier.dev|modelroutes|list", "frontier.dev|modelroutes|watch",
            "|pods|get", "|pods|list", "|pods|watch", "|services|get", "|services|list", "|services|watch"], Permissions(role.Rules));
        var binding = Assert.Single(objects.OfType<V1RoleBinding>());
        Assert.Equal(("llm", "Role", "frontier-gateway"), (binding.Metadata.NamespaceProperty, binding.RoleRef.Kind, binding.RoleRef.Name));
        Assert.Equal(("frontier-gateway", "frontier-system"), (Assert.Single(binding.Subjects).Name, binding.Subjects[0].NamespaceProperty));
    }

    [Fact(Timeout = 60_000)]
    public async Task Disabling_a_component_removes_all_of_its_objects_and_nothing_else()
    {
        var all = await RenderAsync("frontier", "frontier-system");
        var withoutGateway = await RenderAsync("frontier", "frontier-system", "--set", "gateway.enabled=false");
        var withoutOperator = await RenderAsync("frontier", "frontier-system", "--set", "operator.enabled=false");

        string[] kinds = ["ClusterRole", "ClusterRoleBinding", "Deployment", "Service", "ServiceAccount"];
        Assert.Equal([.. kinds.Append("PodDisruptionBudget").Order(StringComparer.Ordinal)], Ids(all, "gateway").Select(id => id.Split('/')[0]));
        Assert.Equal(kinds, Ids(all, "operator").Select(id => id.Split('/')[0]));
        // Besides the two components, only the dashboard (the PrometheusRule and ServiceMonitors need their API).
        Assert.Equal(["ConfigMap/frontier-dashboard"], Ids(all, "monitoring"));
        Assert.Equal(Ids(all).Count, Ids(all, "gateway").Count + Ids(all, "operator").Count + 1);

        Assert.Empty(Ids(withoutGateway, "gateway"));
        Assert.Equal(Ids(all, "operator").Concat(Ids(all, "monitoring")).Order(StringComparer.Ordinal), Ids(withoutGateway));
        Assert.Empty(Ids(withoutOperator, "operator"));
        Assert.Equal(Ids(all, "gateway").Concat(Ids(all, "monitoring")).Order(StringComparer.Ordinal), Ids(withoutOperator));
    }

    [Fact(Timeout = 60_000)]
    public async Task Values_that_could_not_work_are_refused_at_render_time()
    {
        (string[] Args, string Says)[] cases =
        [
            (["--set", "gateway.service.type=Ingress"], "gateway.service.type"),
            (["--set", "operator.replicaCount=-1"], "operator.replicaCount"),
            (["--set", "operator.defaultInterval=soon"], "operator.defaultInterval"), // not a duration: the operator would not start
            (["--set", "operator.serviceAccount.create=false"], "operator.serviceAccount.name must name an existing ServiceAccount"),
            (["--set", "gateway.image.repository="], "gateway.image.repository"),
        ];
        foreach (var (args, says) in cases)
        {
            var result = await cluster.Helm().RunAsync(["template", "frontier", ChartDir, .. args]);
            Assert.True(result.ExitCode != 0, $"expected a refusal: {result}");
            Assert.Contains(says, result.StdErr, StringComparison.Ordinal);
        }
    }

    // ---- the operator's RBAC is config/rbac's ---------------------------------------------------

    [Fact(Timeout = 60_000)]
    public async Task Operator_cluster_role_grants_exactly_what_config_rbac_grants()
    {
        var rbac = Path.Combine(RepoPaths.RepoRoot, "config", "rbac");
        var configRole = KubernetesYaml.Deserialize<V1ClusterRole>(await File.ReadAllTextAsync(Path.Combine(rbac, "role.yaml")));
        var configBinding = KubernetesYaml.Deserialize<V1ClusterRoleBinding>(await File.ReadAllTextAsync(Path.Combine(rbac, "role_binding.yaml")));
        var configAccount = KubernetesYaml.Deserialize<V1ServiceAccount>(await File.ReadAllTextAsync(Path.Combine(rbac, "service_account.yaml")));

        // Released as "frontier" into config/rbac's namespace, the chart's names are config/rbac's too.
        var objects = await RenderAsync("frontier", configAccount.Metadata.NamespaceProperty);
        var chartRole = Named<V1ClusterRole>(objects, configRole.Metadata.Name);

        var expected = Permissions(configRole.Rules);
        var actual = Permissions(chartRole.Rules);
        Assert.NotEmpty(expected);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "charts/frontier/templates/operator/clusterrole.yaml and config/rbac/role.yaml must grant the same (group|resource|verb); " +
            $"only in config/rbac: [{string.Join(", ", missing)}]; only in the chart: [{string.Join(", ", extra)}]");

        var chartBinding = Named<V1ClusterRoleBinding>(objects, configBinding.Metadata.Name);
        Assert.Equal(KubernetesJson.Serialize(configBinding.RoleRef), KubernetesJson.Serialize(chartBinding.RoleRef));
        Assert.Equal(KubernetesJson.Serialize(configBinding.Subjects), KubernetesJson.Serialize(chartBinding.Subjects));
        Assert.Contains(objects.OfType<V1ServiceAccount>(), sa =>
            sa.Metadata.Name == configAccount.Metadata.Name && sa.Metadata.NamespaceProperty == configAccount.Metadata.NamespaceProperty);
    }

    // ---- on the real API server ---------------------------------------------------------------

    [Fact(Timeout = 180_000)]
    public async Task Install_creates_everything_upgrade_changes_the_deployment_uninstall_removes_it()
    {
        var (release, ns) = NewRelease("helm");
        var helm = cluster.Helm();
        var client = cluster.Client;
        // The CRDs are deleted first (the other tests re-apply them), so that what establishes them below
        // is Helm installing the chart's crds/, not an earlier test.
        await DeleteCrdsAsync();
        try
        {
            var install = await helm.RunAsync("install", release, ChartDir, "--namespace", ns, "--create-namespace",
                "--set", "operator.prometheusUrl=http://prometheus.monitoring.svc:9090");
            output.WriteLine(install.ToString());
            Assert.True(install.ExitCode == 0, install.ToString());
            Assert.Contains("STATUS: deployed", install.StdOut, StringComparison.Ordinal);
            Assert.Contains($"http://{release}-gateway.{ns}.svc/v1", install.StdOut, StringComparison.Ordinal); // NOTES.txt

            foreach (var name in CrdNames)
            {
                var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name);
                Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
            }

            var op = await client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-operator", ns);
            var gw = await client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-gateway", ns);
            Assert.Equal((2, 2), (op.Spec.Replicas, gw.Spec.Replicas));
            Assert.Equal("http://prometheus.monitoring.svc:9090", Env(op, "Frontier__PrometheusUrl"));
            Assert.Equal(ns, Env(op, "Frontier__LeaseNamespace"));
            Assert.Equal(release, op.Metadata.Annotations["meta.helm.sh/release-name"]);
            var gwService = await client.CoreV1.ReadNamespacedServiceAsync($"{release}-gateway", ns);
            Assert.Equal((80, "http"), (gwService.Spec.Ports[0].Port, gwService.Spec.Ports[0].TargetPort.Value));
            Assert.NotNull(gwService.Spec.ClusterIP);
            await client.CoreV1.ReadNamespacedServiceAsync($"{release}-operator", ns);
            foreach (var component in new[] { "operator", "gateway" })
            {
                var name = $"{release}-{component}";
                await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns);
                var role = await client.RbacAuthorizationV1.ReadClusterRoleAsync(name);
                Assert.NotEmpty(role.Rules);
                var binding = await client.RbacAuthorizationV1.ReadClusterRoleBindingAsync(name);
                Assert.Equal(name, binding.RoleRef.Name);
                Assert.Equal((name, ns), (Assert.Single(binding.Subjects).Name, binding.Subjects[0].NamespaceProperty));
            }
            // The controllers take the Deployment up: its ReplicaSet creates the pods (Pending: no kubelet).
            await Poll.UntilAsync(async () => (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{Component}=operator")).Items.Count,
                n => n == 2, Patience, "two operator pods created by the Deployment's ReplicaSet");

            var upgrade = await helm.RunAsync("upgrade", release, ChartDir, "--namespace", ns, "--reuse-values",
                "--set", "operator.replicaCount=3", "--set", "operator.prometheusUrl=http://prometheus.other:9090",
                "--set-string", "gateway.image.tag=0.2.0-test");
            output.WriteLine(upgrade.ToString());
            Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
            Assert.Contains("REVISION: 2", upgrade.StdOut, StringComparison.Ordinal);
            var op2 = await client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-operator", ns);
            var gw2 = await client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-gateway", ns);
            Assert.Equal(3, op2.Spec.Replicas);
            Assert.True(op2.Metadata.Generation > op.Metadata.Generation, "the operator Deployment's generation must move");
            Assert.Equal("http://prometheus.other:9090", Env(op2, "Frontier__PrometheusUrl"));
            Assert.Equal("frontier-gateway:0.2.0-test", Container(gw2).Image);
            Assert.Equal(2, gw2.Spec.Replicas);

            var uninstall = await helm.RunAsync("uninstall", release, "--namespace", ns);
            output.WriteLine(uninstall.ToString());
            Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
            Assert.Contains($"release \"{release}\" uninstalled", uninstall.StdOut, StringComparison.Ordinal);
            var selector = $"app.kubernetes.io/instance={release}";
            await Poll.UntilAsync(async () =>
                    (await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: selector)).Items.Count
                    + (await client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector)).Items.Count
                    + (await client.CoreV1.ListNamespacedServiceAccountAsync(ns, labelSelector: selector)).Items.Count
                    + (await client.RbacAuthorizationV1.ListClusterRoleAsync(labelSelector: selector)).Items.Count
                    + (await client.RbacAuthorizationV1.ListClusterRoleBindingAsync(labelSelector: selector)).Items.Count,
                n => n == 0, Patience, $"every object of {release} gone");
            foreach (var component in new[] { "operator", "gateway" })
            {
                await AssertGoneAsync(() => client.RbacAuthorizationV1.ReadClusterRoleAsync($"{release}-{component}"));
                await AssertGoneAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-{component}", ns));
            }
            // Helm never deletes what crds/ installed: the custom resources outlive the release.
            foreach (var name in CrdNames) await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name);
        }
        finally
        {
            await CleanUpAsync(release, ns);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task The_operator_reconciles_with_only_the_service_account_the_chart_creates()
    {
        var (release, ns) = NewRelease("helm-op");
        try
        {
            var install = await cluster.Helm().RunAsync("install", release, ChartDir, "--namespace", ns, "--create-namespace");
            Assert.True(install.ExitCode == 0, install.ToString());
            var bed = await TestBed.CreateAsync(cluster, "helm-op-bed");
            await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":8}}}""");

            using var account = await ServiceAccountCluster.CreateAsync(cluster, ns, $"{release}-operator");
            // The token carries the chart's ClusterRole and no more.
            Assert.True(await account.CanIAsync("patch", "deployments.apps", "--subresource=scale", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("create", "deployments.apps", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("get", "secrets", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("patch", "modelroutes.frontier.dev", "-n", bed.Namespace));

            await using var op = await OperatorProcess.StartAsync(account, "op-helm", bed.Namespace);
            try
            {
                var route = await Poll.UntilAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready") && TestBed.IsTrue(r, "Scaled"),
                    Patience, "Ready and Scaled with the chart's operator ServiceAccount", () => op.LogTail);
                Assert.NotEmpty(route.Status!.Plan!.Candidates);
                foreach (var c in route.Status.Plan.Candidates) Assert.Equal(c.Replicas, await bed.ReplicasAsync(c.Name!));
                await bed.EventAsync("PlanChanged", () => op.LogTail);
                var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("frontier-operator", bed.Namespace);
                Assert.Equal("op-helm", lease.Spec.HolderIdentity);
                Assert.DoesNotContain("Forbidden", op.LogTail, StringComparison.OrdinalIgnoreCase);
            }
            finally
            {
                output.WriteLine(op.LogTail);
            }
        }
        finally
        {
            await CleanUpAsync(release, ns);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task The_gateway_service_account_reads_model_routes_pods_and_services_and_can_do_nothing_else()
    {
        var (release, ns) = NewRelease("helm-gw");
        var helm = cluster.Helm();
        try
        {
            var install = await helm.RunAsync("install", release, ChartDir, "--namespace", ns, "--create-namespace", "--set", "operator.enabled=false");
            Assert.True(install.ExitCode == 0, install.ToString());
            var bed = await TestBed.CreateAsync(cluster, "helm-gw-bed");
            using var account = await ServiceAccountCluster.CreateAsync(cluster, ns, $"{release}-gateway");

            foreach (var verb in new[] { "get", "list", "watch" })
            {
                Assert.True(await account.CanIAsync(verb, "modelroutes.frontier.dev", "-n", bed.Namespace), $"{verb} modelroutes");
            }
            Assert.True(await account.CanIAsync("watch", "modelroutes.frontier.dev", "--all-namespaces"));
            foreach (var resource in new[] { "pods", "services" })
            {
                Assert.True(await account.CanIAsync("watch", resource, "--all-namespaces"), $"watch {resource}");
                Assert.True(await account.CanIAsync("list", resource, "-n", bed.Namespace), $"list {resource}");
                Assert.False(await account.CanIAsync("delete", resource, "-n", bed.Namespace), $"delete {resource}");
                Assert.False(await account.CanIAsync("patch", resource, "--subresource=status", "-n", bed.Namespace), $"patch {resource}/status");
            }
            Assert.False(await account.CanIAsync("create", "pods/exec", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("get", "endpoints", "-n", bed.Namespace));
            foreach (var verb in new[] { "create", "update", "patch", "delete" })
            {
                Assert.False(await account.CanIAsync(verb, "modelroutes.frontier.dev", "-n", bed.Namespace), $"{verb} modelroutes");
            }
            Assert.False(await account.CanIAsync("patch", "modelroutes.frontier.dev", "--subresource=status", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("patch", "deployments.apps", "--subresource=scale", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("update", "deployments.apps", "--subresource=scale", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("list", "modelbenchmarks.frontier.dev", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("get", "secrets", "-n", bed.Namespace));

            // And in practice, with the token: listing works, writing is forbidden.
            var sa = account.ServiceAccountClient;
            var routes = await sa.CustomObjects.ListClusterCustomObjectAsync("frontier.dev", "v1alpha1", "modelroutes");
            Assert.Contains($"\"namespace\":\"{bed.Namespace}\"", KubernetesJson.Serialize(routes), StringComparison.Ordinal);
            await AssertForbiddenAsync(() => sa.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"qualityFloor":1}}""", V1Patch.PatchType.MergePatch), "frontier.dev", "v1alpha1", bed.Namespace, "modelroutes", "chat"));
            await AssertForbiddenAsync(() => sa.AppsV1.PatchNamespacedDeploymentScaleAsync(
                new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), TestBed.Deployments[0], bed.Namespace));
            Assert.Equal(0, await bed.ReplicasAsync(TestBed.Deployments[0]));

            // gateway.watchNamespace: the upgrade trades the ClusterRole for a Role in that namespace.
            var upgrade = await helm.RunAsync("upgrade", release, ChartDir, "--namespace", ns, "--reuse-values",
                "--set", $"gateway.watchNamespace={bed.Namespace}");
            Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
            var gw = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync($"{release}-gateway", ns);
            Assert.Equal(["--in-cluster", "--namespace", bed.Namespace, "--urls", "http://0.0.0.0:8080", "--gateway-replicas", gw.Spec.Replicas!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], Container(gw).Args);
            await cluster.Client.RbacAuthorizationV1.ReadNamespacedRoleAsync($"{release}-gateway", bed.Namespace);
            await AssertGoneAsync(() => cluster.Client.RbacAuthorizationV1.ReadClusterRoleAsync($"{release}-gateway"));
            await Poll.UntilAsync(() => account.CanIAsync("list", "modelroutes.frontier.dev", "--all-namespaces"), can => !can,
                Patience, "no cluster-wide list once the Role replaces the ClusterRole");
            Assert.True(await account.CanIAsync("list", "modelroutes.frontier.dev", "-n", bed.Namespace));
            Assert.True(await account.CanIAsync("watch", "modelroutes.frontier.dev", "-n", bed.Namespace));
            Assert.True(await account.CanIAsync("watch", "pods", "-n", bed.Namespace));
            Assert.False(await account.CanIAsync("list", "modelroutes.frontier.dev", "-n", ns));
            Assert.False(await account.CanIAsync("list", "pods", "-n", ns));
            var inBed = await sa.CustomObjects.ListNamespacedCustomObjectAsync("frontier.dev", "v1alpha1", bed.Namespace, "modelroutes");
            Assert.Contains("\"name\":\"chat\"", KubernetesJson.Serialize(inBed), StringComparison.Ordinal);

            var uninstall = await helm.RunAsync("uninstall", release, "--namespace", ns);
            Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
            await AssertGoneAsync(() => cluster.Client.RbacAuthorizationV1.ReadNamespacedRoleAsync($"{release}-gateway", bed.Namespace));
            await AssertGoneAsync(() => cluster.Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync($"{release}-gateway", bed.Namespace));
        }
        finally
        {
            await CleanUpAsync(release, ns);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static (string Release, string Namespace) NewRelease(string prefix)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        return ($"frontier-{id}", $"{prefix}-{id}");
    }

    /// <summary><c>helm template RELEASE charts/frontier --namespace NS ARGS</c>, parsed into typed objects.</summary>
    private async Task<List<object>> RenderAsync(string release, string @namespace, params string[] args)
    {
        var result = await cluster.Helm().RunAsync(["template", release, ChartDir, "--namespace", @namespace, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var objects = KubernetesYaml.LoadAllFromString(result.StdOut);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        return objects;
    }

    private static T Named<T>(IEnumerable<object> objects, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(objects.OfType<T>(), o => o.Metadata.Name == name);

    private static V1Container Container(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    private static string? Env(V1Deployment deployment, string name) => Assert.Single(Container(deployment).Env, e => e.Name == name).Value;

    /// <summary>KIND/NAME of the rendered objects (of one component), sorted.</summary>
    private static List<string> Ids(IEnumerable<object> objects, string? component = null) =>
        [.. objects.Cast<IKubernetesObject<V1ObjectMeta>>()
            .Where(o => component is null || (o.Metadata.Labels is { } labels && labels.TryGetValue(Component, out var c) && c == component))
            .Select(o => $"{o.Kind}/{o.Metadata.Name}")
            .Order(StringComparer.Ordinal)];

    private static bool Selects(V1Service service, V1Deployment deployment) =>
        service.Spec.Selector.All(l => deployment.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    /// <summary>What a set of rules grants, one "group|resource|verb" (plus "|name" for resourceNames) per grant, sorted.</summary>
    private static List<string> Permissions(IEnumerable<V1PolicyRule> rules) =>
        [.. rules.SelectMany(r =>
                from g in r.ApiGroups ?? []
                from res in r.Resources ?? []
                from verb in r.Verbs
                from name in r.ResourceNames is { Count: > 0 } names ? names.Select(n => "|" + n) : [string.Empty]
                select $"{g}|{res}|{verb}{name}")
            .Concat(rules.SelectMany(r => from url in r.NonResourceURLs ?? [] from verb in r.Verbs select $"url:{url}|{verb}"))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    private async Task DeleteCrdsAsync()
    {
        foreach (var name in CrdNames)
        {
            try { await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(name); }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { }
        }
        foreach (var name in CrdNames)
        {
            await Poll.UntilAsync(async () => await IsGoneAsync(() => cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name)),
                gone => gone, Patience, $"CRD {name} deleted");
        }
    }

    private static async Task<bool> IsGoneAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    private static async Task AssertGoneAsync<T>(Func<Task<T>> read) =>
        await Poll.UntilAsync(async () => await IsGoneAsync(read), gone => gone, Patience, "the object to be deleted");

    private static async Task AssertForbiddenAsync<T>(Func<Task<T>> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);
    }

    /// <summary>Uninstalls the release if it is still there and deletes its namespace; never fails the test.</summary>
    private async Task CleanUpAsync(string release, string @namespace)
    {
        var uninstall = await cluster.Helm().RunAsync("uninstall", release, "--namespace", @namespace, "--ignore-not-found");
        if (!uninstall.Succeeded) output.WriteLine(uninstall.ToString());
        try { await cluster.Client.CoreV1.DeleteNamespaceAsync(@namespace); }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { }
    }
}
