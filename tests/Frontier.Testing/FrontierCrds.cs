namespace Frontier.Testing;

/// <summary>Frontier's CRDs (the repository's generated crds/) on a test cluster.</summary>
public static class FrontierCrds
{
    /// <summary>Applies crds/ with kubectl and waits until the three are Established (idempotent).</summary>
    public static async Task EnsureAsync(IKubeCluster cluster)
    {
        var apply = await new Kubectl(cluster).RunAsync("apply", "-f", Path.Combine(RepoPaths.RepoRoot, "crds"));
        if (apply.ExitCode != 0) throw new InvalidOperationException($"kubectl apply -f crds/ failed: {apply}");
        var wait = await new Kubectl(cluster).RunAsync("wait", "--for=condition=Established", "--timeout=60s",
            "crd/gpuprofiles.frontier.dev", "crd/modelbenchmarks.frontier.dev", "crd/modelroutes.frontier.dev");
        if (wait.ExitCode != 0) throw new InvalidOperationException($"the CRDs did not become Established: {wait}");
    }
}
