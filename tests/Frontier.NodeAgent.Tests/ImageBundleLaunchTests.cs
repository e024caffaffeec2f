using Frontier.NodeAgent.Kubelet;
using k8s;
using k8s.Models;

namespace Frontier.NodeAgent.Tests;

/// <summary>
/// How an image's extracted layers (a bundle under --image-root) become a process: the image config's entrypoint,
/// cmd, env, user and working directory under Kubernetes' command/args rules, chrooted into the bundle's rootfs.
/// The bundle is a real directory: /etc/passwd and /etc/group as the base image has them, and Debian's absolute
/// symlink /var/run → /run.
/// </summary>
public sealed class ImageBundleLaunchTests : IDisposable
{
    private const string PodIp = "127.50.0.9";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bundles-");
    private readonly DirectoryInfo _podDir = Directory.CreateTempSubdirectory("pod-");

    public ImageBundleLaunchTests()
    {
        var rootFs = Path.Combine(_root.FullName, "frontier-simulator", "rootfs");
        Directory.CreateDirectory(Path.Combine(rootFs, "etc"));
        Directory.CreateDirectory(Path.Combine(rootFs, "run"));
        Directory.CreateDirectory(Path.Combine(rootFs, "var"));
        File.CreateSymbolicLink(Path.Combine(rootFs, "var", "run"), "/run");
        File.WriteAllText(Path.Combine(rootFs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654::/home/app:/usr/sbin/nologin\n");
        File.WriteAllText(Path.Combine(rootFs, "etc", "group"), "root:x:0:\nstaff:x:50:\napp:x:1654:\n");
        WriteConfig("frontier-simulator", """
            {"architecture": "amd64", "os": "linux", "config": {
              "User": "1654",
              "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "ASPNETCORE_HTTP_PORTS=8000", "ASPNETCORE_URLS=http://+:8000", "MODE=image"],
              "Entrypoint": ["dotnet", "/app/frontier-simulator.dll"],
              "Cmd": ["--urls", "http://0.0.0.0:8000"],
              "WorkingDir": "/app/"}}
            """);
    }

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _podDir.Delete(recursive: true);
    }

    private string RootFs => Path.Combine(_root.FullName, "frontier-simulator", "rootfs");

    private void WriteConfig(string name, string json)
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, name, "rootfs"));
        File.WriteAllText(Path.Combine(_root.FullName, name, ImageBundle.ConfigFile), json);
    }

    private ImageMap Map()
    {
        var file = Path.Combine(_podDir.FullName, "images.json");
        File.WriteAllText(file, """{ "frontier-simulator": { "entrypoint": ["host-sim"], "cmd": ["--host"] }, "other": { "entrypoint": ["other"] } }""");
        return ImageMap.Load(file, _podDir.FullName, _root.FullName);
    }

    private ResolvedImage Image(string image = "127.0.0.1:5000/frontier-simulator:0.1.0")
    {
        Assert.True(Map().TryResolve(image, out var resolved, out var error), error);
        return resolved;
    }

    private PodSandbox Sandbox(string? serviceAccount = null) =>
        new(PodIp, "127.0.0.1", "frontier-node", _podDir.FullName, serviceAccount, "127.0.0.1", 6443);

    private static V1Pod Pod(string containerYaml, string extraSpec = "") => KubernetesYaml.Deserialize<V1Pod>($$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: sim-0, namespace: llm, uid: "42"}
        spec:
        {{extraSpec}}
          containers:
          - name: c
            image: 127.0.0.1:5000/frontier-simulator:0.1.0
        {{containerYaml}}
        """);

    private LaunchPlan Plan(V1Pod pod, PodSandbox? sandbox = null)
    {
        Assert.True(ContainerLaunch.TryPlan(pod, pod.Spec.Containers[0], Image(), sandbox ?? Sandbox(), canMount: true, out var plan, out var error), error);
        return plan;
    }

    // The arguments of `unshare --root=… --wd=… --setuid U --setgid G --` that start the command inside the rootfs.
    private static (string Root, string Wd, string Uid, string Gid) Chroot(LaunchPlan plan)
    {
        var args = plan.Arguments.ToList();
        var at = args.FindIndex(a => a.StartsWith("--root=", StringComparison.Ordinal));
        Assert.True(at > 0, string.Join(' ', args));
        Assert.Equal("unshare", args[at - 1]);
        Assert.Equal(("--setuid", "--setgid", "--"), (args[at + 2], args[at + 4], args[at + 6]));
        Assert.Equal(plan.Command, args.Skip(at + 7));
        return (args[at]["--root=".Length..], args[at + 1]["--wd=".Length..], args[at + 3], args[at + 5]);
    }

    [Fact]
    public void A_bundle_wins_over_the_build_map_and_images_without_one_still_come_from_the_map()
    {
        var sim = Image();
        Assert.Equal(["dotnet", "/app/frontier-simulator.dll"], sim.Entrypoint);
        Assert.Equal(RootFs, sim.Bundle?.RootFs);
        var other = Image("other:1");
        Assert.Null(other.Bundle);
        Assert.Equal(["other"], other.Entrypoint);
    }

    [Fact]
    public void The_images_entrypoint_and_cmd_follow_the_kubernetes_command_and_args_rules_inside_the_rootfs()
    {
        var plan = Plan(Pod(""));
        Assert.Equal(["dotnet", "/app/frontier-simulator.dll", "--urls", $"http://{PodIp}:8000"], plan.Command);
        Assert.Equal((RootFs, "/app/", "1654", "1654"), Chroot(plan));
        Assert.Equal("unshare", plan.FileName);
        Assert.Equal(["--mount", "--propagation", "private", "--", "sh", "-c"], plan.Arguments.Take(6));
        Assert.Equal(_podDir.FullName, plan.WorkingDirectory); // the host side starts in the pod's directory

        Assert.Equal(["dotnet", "/app/frontier-simulator.dll", "--served-model", "m"], Plan(Pod("    args: [--served-model, m]")).Command);
        Assert.Equal(["/bin/sh", "-c", "env"], Plan(Pod("    command: [/bin/sh, -c, env]")).Command);
        Assert.Equal(["/bin/sh", "-c", "echo $0", "x"], Plan(Pod("""
                command: [/bin/sh, -c]
                args: [echo $0, x]
            """)).Command);
    }

    [Fact]
    public void The_environment_is_the_images_with_the_containers_on_top_and_nothing_of_the_hosts()
    {
        var env = Plan(Pod("""
                env:
                - {name: MODE, value: container}
                - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            """)).Environment;
        Assert.Equal(("/usr/local/bin:/usr/bin:/bin", "container", "sim-0", "8000"), (env["PATH"], env["MODE"], env["POD"], env["ASPNETCORE_HTTP_PORTS"]));
        Assert.Equal($"http://{PodIp}:8000", env["ASPNETCORE_URLS"]); // the image's listen URL is bound to the pod's IP too
        Assert.Equal("/home/app", env["HOME"]); // the image user's home, not the pod's directory on the host
        Assert.Equal(("sim-0", "127.0.0.1", "6443"), (env["HOSTNAME"], env["KUBERNETES_SERVICE_HOST"], env["KUBERNETES_SERVICE_PORT"]));
        Assert.DoesNotContain("DOTNET_ROOT", env.Keys);
        Assert.DoesNotContain("DOTNET_CLI_TELEMETRY_OPTOUT", env.Keys);
    }

    [Theory]
    [InlineData("1654", "", "1654", "1654")]
    [InlineData("app", "", "1654", "1654")]
    [InlineData("app:staff", "", "1654", "50")]
    [InlineData("1654:7", "", "1654", "7")]
    [InlineData("4242", "", "4242", "0")] // not in passwd: group 0, as runc does
    [InlineData("", "", "0", "0")]
    [InlineData("app", "  securityContext: {runAsUser: 2000, runAsGroup: 3000}", "2000", "3000")]
    [InlineData("1654", "  securityContext: {runAsUser: 0}", "0", "0")]
    public void The_user_is_the_images_resolved_in_its_passwd_unless_the_pod_says_run_as(string user, string podSpec, string uid, string gid)
    {
        WriteConfig("frontier-simulator", $$$"""{"config": {"User": "{{{user}}}", "Entrypoint": ["/app/sim"]}}""");
        var plan = Plan(Pod("", podSpec));
        Assert.Equal((uid, gid), (Chroot(plan).Uid, Chroot(plan).Gid));
        Assert.Equal("/", Chroot(plan).Wd); // the image names no WorkingDir
    }

    [Fact]
    public void Mounts_land_inside_the_rootfs_following_its_own_symlinks_never_the_hosts()
    {
        var pod = Pod("""
                workingDir: /srv/work
                volumeMounts: [{name: scratch, mountPath: /var/run/../../data}]
            """, "  volumes: [{name: scratch, emptyDir: {}}]");
        var plan = Plan(pod, Sandbox(serviceAccount: "/cluster/pods/llm_sim-0/serviceaccount"));
        var script = plan.Arguments[6];
        var secrets = Path.Combine(RootFs, "run", "secrets", "kubernetes.io", "serviceaccount"); // /var/run → the image's /run
        Assert.Contains($"mount --rbind '/proc' '{Path.Combine(RootFs, "proc")}'; ", script, StringComparison.Ordinal);
        Assert.Contains($"mount --rbind '/dev' '{Path.Combine(RootFs, "dev")}'; ", script, StringComparison.Ordinal);
        Assert.Contains($"mount -t tmpfs -o mode=1777 'tmpfs' '{Path.Combine(RootFs, "tmp")}'; ", script, StringComparison.Ordinal);
        Assert.Contains($"mount --bind '/cluster/pods/llm_sim-0/serviceaccount' '{secrets}'; mount -o remount,bind,ro '{secrets}'; ", script, StringComparison.Ordinal);
        Assert.Contains($"mount --bind '{Path.Combine(_podDir.FullName, "volumes", "scratch")}' '{Path.Combine(RootFs, "data")}'; ", script, StringComparison.Ordinal);
        Assert.True(Directory.Exists(secrets));
        Assert.True(Directory.Exists(Path.Combine(RootFs, "srv", "work")));
        Assert.Equal("/srv/work", Chroot(plan).Wd);
    }

    [Fact]
    public void Bad_bundles_and_a_non_root_agent_are_refused_with_the_reason()
    {
        WriteConfig("frontier-simulator", """{"config": {"User": "nobody", "Entrypoint": ["/app/sim"]}}""");
        var pod = Pod("");
        Assert.False(ContainerLaunch.TryPlan(pod, pod.Spec.Containers[0], Image(), Sandbox(), canMount: true, out _, out var error));
        Assert.Equal("image user \"nobody\": no such user in the image's /etc/passwd", error);
        Assert.False(ContainerLaunch.TryPlan(pod, pod.Spec.Containers[0], Image(), Sandbox(), canMount: false, out _, out error));
        Assert.StartsWith("running an image's layers needs root", error, StringComparison.Ordinal);

        WriteConfig("frontier-simulator", "{ not json");
        Assert.False(Map().TryResolve("frontier-simulator", out _, out error));
        Assert.Contains("image.json: not an OCI image config", error, StringComparison.Ordinal);
        File.Delete(Path.Combine(_root.FullName, "frontier-simulator", ImageBundle.ConfigFile));
        Assert.False(Map().TryResolve("frontier-simulator", out _, out error));
        Assert.Contains("has no rootfs/ or image.json (make it with: tests/images/images.sh unpack", error, StringComparison.Ordinal);

        var e = Assert.Throws<InvalidDataException>(() => ImageMap.Load(Path.Combine(_podDir.FullName, "images.json"), _podDir.FullName, "/nonexistent/bundles"));
        Assert.Equal("--image-root: no such directory: /nonexistent/bundles", e.Message);
    }
}
