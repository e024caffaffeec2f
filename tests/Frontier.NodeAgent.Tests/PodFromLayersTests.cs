using Frontier.Testing;

namespace Frontier.NodeAgent.Tests;

/// <summary>
/// A pod whose image has a bundle under the agent's --image-root runs from those layers on the real local cluster:
/// a root filesystem holding only the host's dash and the libraries it links (made here, as umoci would leave an image),
/// and an image config that names its user, environment, working directory, entrypoint and cmd.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class PodFromLayersTests(FastRestartCluster cluster)
{
    private const string Image = "frontier-layers-test";

    // Prints what the process sees, with nothing but dash builtins (the rootfs has no other program).
    private static readonly string Script = string.Join("; ",
        "while read -r key value rest; do [ \"$key\" = Uid: ] && echo \"uid=$value\"; done < /proc/self/status",
        "echo \"pwd=$(pwd) mode=$MODE home=$HOME\"",
        "[ -s /var/run/secrets/kubernetes.io/serviceaccount/token ] && echo token=yes",
        $"[ -e {RepoPaths.RepoRoot} ] && echo host=visible || echo host=hidden",
        "echo written > /tmp/probe && read -r back < /tmp/probe && echo \"tmp=$back\"");

    [Fact(Timeout = 120_000)]
    public async Task A_pod_runs_as_the_image_says_chrooted_in_its_layers_with_the_service_account_files_inside()
    {
        var rootFs = await WriteBundleAsync();
        await using var bed = await PodBed.CreateAsync(cluster, "layers");
        await bed.CreatePodAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: layers}
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: 127.0.0.1:5000/team/{{Image}}:1.0
                args: ['{{Script.Replace("'", "''", StringComparison.Ordinal)}}']
                env: [{name: MODE, value: container}]
            """);
        var pod = await bed.WaitForPodAsync("layers", p => p?.Status?.Phase is "Succeeded" or "Failed", "ended");
        var log = bed.Log("layers", "c");
        Assert.True(pod.Status.Phase == "Succeeded", log);
        Assert.Contains("\nuid=1654\n", log, StringComparison.Ordinal); // the image's user, from its passwd
        Assert.Contains("\npwd=/work mode=container home=/home/app\n", log, StringComparison.Ordinal); // the image's WorkingDir; env over the image's
        Assert.Contains("\ntoken=yes\n", log, StringComparison.Ordinal); // through the image's own /var/run → /run
        Assert.Contains("\nhost=hidden\n", log, StringComparison.Ordinal); // chrooted: the host's files are not there
        Assert.Contains("\ntmp=written\n", log, StringComparison.Ordinal); // a writable /tmp for the image's user
        // The mounts lived in the pod's private mount namespace: on the host the mount point in the rootfs is empty.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(rootFs, "run", "secrets", "kubernetes.io", "serviceaccount")));
    }

    // TestImageRoot/NAME/rootfs with /bin/sh (the host's dash) and what ldd says it loads; image.json like an image's config.
    private static async Task<string> WriteBundleAsync()
    {
        var bundle = Path.Combine(TestImageRoot.Path, Image);
        var rootFs = Path.Combine(bundle, "rootfs");
        if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
        foreach (var dir in new[] { "bin", "etc", "run", "var", "work" }) Directory.CreateDirectory(Path.Combine(rootFs, dir));
        var shell = new FileInfo("/bin/sh").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/bin/sh";
        File.Copy(shell, Path.Combine(rootFs, "bin", "sh"));
        var ldd = (await ProcessRunner.RunAsync("ldd", [shell], timeout: TimeSpan.FromSeconds(20))).EnsureSuccess();
        foreach (var library in ldd.StdOut.Split('\n').SelectMany(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(w => w.StartsWith('/')))
        {
            var copy = rootFs + library;
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            if (!File.Exists(copy)) File.Copy(library, copy);
        }
        File.CreateSymbolicLink(Path.Combine(rootFs, "var", "run"), "/run"); // as in Debian: absolute
        File.WriteAllText(Path.Combine(rootFs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootFs, "etc", "group"), "root:x:0:\napp:x:1654:\n");
        File.WriteAllText(Path.Combine(bundle, "image.json"), """
            {"architecture": "amd64", "os": "linux", "config": {
              "User": "app", "Env": ["PATH=/bin", "MODE=image"], "Entrypoint": ["/bin/sh", "-c"], "Cmd": ["echo the image's cmd"],
              "WorkingDir": "/work"}}
            """);
        return rootFs;
    }
}
