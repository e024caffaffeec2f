using System.Text.RegularExpressions;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The operator with only the permissions of config/rbac: a ServiceAccount token bound to that ClusterRole,
/// against an API server that enforces RBAC. If the role misses a verb the operator needs, this fails.
/// </summary>
[Collection(TestCollections.Kube)]
public sealed class RbacEndToEndTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task The_operator_runs_with_exactly_the_rbac_in_config()
    {
        var bed = await TestBed.CreateAsync(cluster, "rbac");
        await bed.PatchRouteAsync("""{"spec":{"demand":{"floorRequestsPerSecond":8}}}""");
        try { await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "frontier-system" } }); }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict) { }
        var apply = await new Kubectl(cluster).RunAsync("apply", "-f", Path.Combine(RepoPaths.RepoRoot, "config", "rbac"));
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var token = await cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } },
            "frontier-operator", "frontier-system");
        var admin = await File.ReadAllTextAsync(cluster.KubeconfigPath);
        var ca = Regex.Match(admin, "certificate-authority-data: (\\S+)").Groups[1].Value;
        var kubeconfig = Path.Combine(Path.GetDirectoryName(cluster.KubeconfigPath)!, $"operator-{bed.Namespace}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster: {"{"}server: "{cluster.Config.Host}", certificate-authority-data: "{ca}"{"}"}
            users:
            - name: frontier-operator
              user: {"{"}token: "{token.Status.Token}"{"}"}
            contexts:
            - name: operator
              context: {"{"}cluster: test, user: frontier-operator{"}"}
            current-context: operator
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        await using var op = await OperatorProcess.StartAsync(new KubeconfigOverride(cluster, kubeconfig), "op-rbac", bed.Namespace);
        try
        {
            var route = await Eventually.WaitAsync(() => bed.RouteAsync(), r => TestBed.IsTrue(r, "Ready") && TestBed.IsTrue(r, "Scaled"),
                TimeSpan.FromSeconds(60), "Ready and Scaled with only config/rbac permissions", () => op.LogTail);
            foreach (var c in route.Status!.Plan!.Candidates) Assert.Equal(c.Replicas, await bed.ReplicasAsync(c.Name!));
            var events = await cluster.Client.CoreV1.ListNamespacedEventAsync(bed.Namespace);
            Assert.Contains(events.Items, e => e.Reason == "PlanChanged");
            Assert.DoesNotContain("Forbidden", op.LogTail, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            output.WriteLine(op.LogTail);
        }
    }

    /// <summary>The same cluster seen through another kubeconfig (the operator's ServiceAccount).</summary>
    private sealed class KubeconfigOverride(IKubeCluster inner, string kubeconfig) : IKubeCluster
    {
        public IKubernetes Client => inner.Client;

        public string KubeconfigPath => kubeconfig;

        public KubernetesClientConfiguration Config => inner.Config;

        public Task RestartApiServerAsync() => inner.RestartApiServerAsync();

        public string Kind => inner.Kind;
    }
}
