using Frontier.NodeAgent.Kubelet;
using k8s;
using k8s.Models;

namespace Frontier.NodeAgent.Tests;

public sealed class ContainerLaunchTests : IDisposable
{
    private static readonly ResolvedImage Simulator = new(["dotnet", "/repo/sim.dll"], ["--urls", "http://0.0.0.0:8000"], "/tmp");
    private readonly DirectoryInfo _podDir = Directory.CreateTempSubdirectory("pod-");

    public void Dispose() => _podDir.Delete(recursive: true);

    private PodSandbox Sandbox(string? serviceAccount = null) =>
        new("127.50.0.7", "127.0.0.1", "frontier-node", _podDir.FullName, serviceAccount, "127.0.0.1", 6443);

    private static V1Pod Pod(string containerYaml, string extraSpec = "") => KubernetesYaml.Deserialize<V1Pod>($$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          namespace: llm
          uid: "1234"
          labels: {app: web}
          annotations: {team: infra}
        spec:
          serviceAccountName: runner
        {{extraSpec}}
          containers:
          - name: c
        {{containerYaml}}
        """);

    private LaunchPlan Plan(V1Pod pod, ResolvedImage? image = null, PodSandbox? sandbox = null, bool canMount = true)
    {
        Assert.True(ContainerLaunch.TryPlan(pod, pod.Spec.Containers[0], image ?? Simulator, sandbox ?? Sandbox(), canMount, out var plan, out var error), error);
        return plan;
    }

    private string Error(V1Pod pod, PodSandbox? sandbox = null, bool canMount = true)
    {
        Assert.False(ContainerLaunch.TryPlan(pod, pod.Spec.Containers[0], Simulator, sandbox ?? Sandbox(), canMount, out _, out var error));
        return error;
    }

    [Fact]
    public void No_command_or_args_runs_the_images_entrypoint_and_cmd_with_the_listen_address_bound_to_the_pod_ip()
    {
        var plan = Plan(Pod("    image: frontier-simulator"));
        Assert.Equal(["dotnet", "/repo/sim.dll", "--urls", "http://127.50.0.7:8000"], plan.Command);
        Assert.Equal("dotnet", plan.FileName);
        Assert.Equal("/tmp", plan.WorkingDirectory);
    }

    [Fact]
    public void Args_replace_the_images_cmd_and_a_command_replaces_the_entrypoint_and_drops_cmd()
    {
        Assert.Equal(["dotnet", "/repo/sim.dll", "--served-model", "m", "--urls=http://127.50.0.7:9000"],
            Plan(Pod("""
                    image: frontier-simulator
                    args: [--served-model, m, "--urls=http://0.0.0.0:9000"]
                """)).Command);
        Assert.Equal(["sh", "-c", "echo hi"], Plan(Pod("""
                    image: frontier-simulator
                    command: [sh, -c, echo hi]
                """)).Command);
        Assert.Equal(["sh", "-c", "echo $0", "x"], Plan(Pod("""
                    image: frontier-simulator
                    command: [sh, -c]
                    args: [echo $0, x]
                """)).Command);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    public void Every_all_addresses_listen_url_is_bound_to_the_pod_ip(string url) =>
        Assert.Equal("http://127.50.0.7:8080;https://127.50.0.7:8443", ContainerLaunch.BindToPodIp(url + ";https://0.0.0.0:8443", "127.50.0.7"));

    [Fact]
    public void The_environment_is_the_containers_own_with_field_refs_expansions_and_the_api_servers_real_address()
    {
        var plan = Plan(Pod("""
                image: frontier-simulator
                args: ["--name=$(POD_NAME)", "$$(POD_NAME)", "$(UNDEFINED)"]
                env:
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                - {name: ACCOUNT, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
                - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                - {name: TEAM, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['team']"}}}
                - {name: GREETING, value: "hello $(POD_NAME) on $(NODE)"}
                - {name: ASPNETCORE_URLS, value: "http://0.0.0.0:8080"}
            """));
        var env = plan.Environment;
        Assert.Equal(("web-0", "llm", "127.50.0.7", "frontier-node", "runner", "web", "infra"),
            (env["POD_NAME"], env["POD_NAMESPACE"], env["POD_IP"], env["NODE"], env["ACCOUNT"], env["APP"], env["TEAM"]));
        Assert.Equal("hello web-0 on frontier-node", env["GREETING"]);
        Assert.Equal("http://127.50.0.7:8080", env["ASPNETCORE_URLS"]);
        Assert.Equal(("127.0.0.1", "6443", "web-0"), (env["KUBERNETES_SERVICE_HOST"], env["KUBERNETES_SERVICE_PORT"], env["HOSTNAME"]));
        Assert.Equal(Path.Combine(_podDir.FullName, "home"), env["HOME"]);
        Assert.DoesNotContain("KUBECONFIG", env.Keys); // nothing of the agent's own environment but PATH leaks in
        Assert.Equal(["--name=web-0", "$(POD_NAME)", "$(UNDEFINED)"], plan.Command.Skip(2));
    }

    [Fact]
    public void Service_account_files_and_empty_dirs_are_bind_mounted_in_a_private_mount_namespace_before_the_program_runs()
    {
        var pod = Pod("""
                image: frontier-simulator
                volumeMounts: [{name: scratch, mountPath: /tmp}]
            """, "  volumes: [{name: scratch, emptyDir: {}}]");
        var plan = Plan(pod, sandbox: Sandbox(serviceAccount: "/cluster/pods/llm_web-0/serviceaccount"));
        Assert.Equal("unshare", plan.FileName);
        Assert.Equal(["--mount", "--propagation", "private", "--", "sh", "-c"], plan.Arguments.Take(6));
        var script = plan.Arguments[6];
        Assert.Contains("mount --bind '/cluster/pods/llm_web-0/serviceaccount' '/var/run/secrets/kubernetes.io/serviceaccount'; mount -o remount,bind,ro '/var/run/secrets/kubernetes.io/serviceaccount';", script, StringComparison.Ordinal);
        Assert.Contains($"mount --bind '{_podDir.FullName}/volumes/scratch' '/tmp';", script, StringComparison.Ordinal);
        Assert.EndsWith("exec \"$@\"", script, StringComparison.Ordinal); // same PID: signals reach the program
        // The environment goes through env -i, so names the shell would drop survive the mounts.
        var afterScript = plan.Arguments.Skip(7).ToList();
        Assert.Equal(["sh", "env", "-i"], afterScript.Take(3));
        Assert.Equal(plan.Environment.Select(v => $"{v.Key}={v.Value}"), afterScript.Skip(3).Take(plan.Environment.Count));
        Assert.Equal(["dotnet", "/repo/sim.dll", "--urls", "http://127.50.0.7:8000"], afterScript.Skip(3 + plan.Environment.Count));
    }

    [Theory]
    [InlineData("    env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: s, key: k}}}]", "env PASSWORD: only value and valueFrom.fieldRef are emulated")]
    [InlineData("    envFrom: [{configMapRef: {name: settings}}]", "envFrom is not emulated")]
    [InlineData("    env: [{name: X, valueFrom: {fieldRef: {fieldPath: spec.hostname}}}]", "fieldRef spec.hostname is not supported")]
    [InlineData("    volumeMounts: [{name: config, mountPath: /tmp}]", "volumeMount config: only emptyDir volumes are emulated")]
    [InlineData("    workingDir: /app/does/not/exist", "workingDir /app/does/not/exist does not exist on this host")]
    public void What_the_agent_cannot_emulate_is_refused_with_the_field_and_the_reason(string containerExtra, string expected)
    {
        var pod = Pod("    image: frontier-simulator\n" + containerExtra, "  volumes: [{name: config, configMap: {name: settings}}]");
        Assert.Contains(expected, Error(pod), StringComparison.Ordinal);
    }

    [Fact]
    public void Mounts_need_root_and_an_existing_mount_point()
    {
        var pod = Pod("    image: frontier-simulator");
        Assert.Contains("which needs root", Error(pod, Sandbox(serviceAccount: "/x"), canMount: false), StringComparison.Ordinal);
        var elsewhere = Pod("""
                image: frontier-simulator
                volumeMounts: [{name: scratch, mountPath: /no/such/dir}]
            """, "  volumes: [{name: scratch, emptyDir: {}}]");
        Assert.Contains("mount path /no/such/dir does not exist on this host", Error(elsewhere), StringComparison.Ordinal);
        // Without a token or volumes the program runs directly, no root needed.
        Assert.Equal("dotnet", Plan(pod, canMount: false).FileName);
    }
}
