using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Frontier.Testing;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Frontier.NodeAgent.Tests;

/// <summary>
/// The node agent on the real local API server: what a kubelet and the scheduler would do with pods, done with
/// processes on loopback.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class PodLifecycleTests(FastRestartCluster cluster, ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Gpu_requests_are_accounted_and_a_pod_that_does_not_fit_stays_pending_with_the_schedulers_reason()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "gpu");
        await bed.CreatePodAsync(Sleeper("big", "nvidia.com/gpu: 6"));
        await bed.WaitForPodAsync("big", p => p?.Spec.NodeName == cluster.NodeName && p.Status?.Phase == "Running", "bound and running");

        await bed.CreatePodAsync(Sleeper("more", "nvidia.com/gpu: 3"));
        var events = await bed.WaitForEventAsync("more", "FailedScheduling");
        Assert.Contains(events, e => e.Message == "0/1 nodes are available: 1 Insufficient nvidia.com/gpu." && e.Type == "Warning");
        var pending = await bed.WaitForPodAsync("more", p => p?.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true,
            "PodScheduled=False Unschedulable");
        Assert.Equal(("Pending", null), (pending.Status.Phase, pending.Spec.NodeName));

        // Freeing the GPUs lets the scheduler place it.
        await bed.Client.CoreV1.DeleteNamespacedPodAsync("big", bed.Namespace, new V1DeleteOptions { GracePeriodSeconds = 1 });
        await bed.WaitForPodAsync("more", p => p?.Spec.NodeName == cluster.NodeName && p.Status?.Phase == "Running", "bound once the GPUs are free");
        await bed.WaitForEventAsync("more", "Scheduled", e => e.Message == $"Successfully assigned {bed.Namespace}/more to {cluster.NodeName}");
    }

    [Fact(Timeout = 60_000)]
    public async Task An_image_the_agent_does_not_know_waits_with_ErrImagePull_and_says_why()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "img");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers: [{name: nginx, image: docker.io/library/nginx:1.25}]
            """);
        var pod = await bed.WaitForPodAsync("web", p => PodBed.Container(p, "nginx")?.State?.Waiting?.Reason == "ErrImagePull", "ErrImagePull");
        Assert.Contains("(nginx) is not in the node agent's image map", PodBed.Container(pod, "nginx")!.State.Waiting.Message, StringComparison.Ordinal);
        Assert.Equal("Pending", pod.Status.Phase);
        await bed.WaitForEventAsync("web", "Failed", e => e.Message.StartsWith("Failed to pull image \"docker.io/library/nginx:1.25\"", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_bare_simulator_deployment_runs_at_its_pod_ip_and_turns_ready_after_its_startup_seconds()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "sim");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: sim, labels: {frontier.dev/route: chat}}
            spec:
              containers:
              - name: sim
                image: registry.example/frontier-simulator:0.1.0
                args: [--urls, "http://0.0.0.0:8000", --startup-seconds, "3"]
                env:
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                ports: [{name: http, containerPort: 8000}]
                readinessProbe: {httpGet: {path: /health, port: http}, periodSeconds: 1}
            """);
        var running = await bed.WaitForPodAsync("sim", p => PodBed.Container(p, "sim")?.State?.Running is not null, "running");
        var started = PodBed.Container(running, "sim")!.State.Running.StartedAt!.Value;
        var ready = await bed.WaitForPodAsync("sim", PodBed.IsReady, "Ready");
        var readyAt = ready.Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value;
        output.WriteLine($"started {started:O}, Ready {readyAt:O}: {(readyAt - started).TotalSeconds:0.0} s");
        Assert.True(readyAt - started >= TimeSpan.FromSeconds(2), $"Ready {(readyAt - started).TotalSeconds:0.0} s after start, before the 3 startup seconds could pass");
        await bed.WaitForEventAsync("sim", "Unhealthy", e => e.Message.StartsWith("Readiness probe failed:", StringComparison.Ordinal));

        // Its own loopback address, its pod's name and namespace from fieldRefs.
        var ip = ready.Status.PodIP;
        Assert.StartsWith(cluster.PodNetwork[..^"0.0/16".Length], ip, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Contains("\"sim-model\"", await http.GetStringAsync($"http://{ip}:8000/v1/models"), StringComparison.Ordinal);
        var metrics = await http.GetStringAsync($"http://{ip}:8000/metrics");
        Assert.Contains($"pod=\"sim\"", metrics, StringComparison.Ordinal);
        Assert.Contains($"namespace=\"{bed.Namespace}\"", metrics, StringComparison.Ordinal);
        Assert.Contains($"serving on http://{ip}:8000", bed.Log("sim", "sim"), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_failing_liveness_probe_restarts_the_container()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "live");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: sim}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: sim
                image: frontier-simulator
                ports: [{name: http, containerPort: 8000}]
                livenessProbe: {httpGet: {path: /no-such-path, port: 8000}, periodSeconds: 1, failureThreshold: 2, initialDelaySeconds: 1}
            """);
        var restarted = await bed.WaitForPodAsync("sim", p => PodBed.Container(p, "sim")?.RestartCount >= 1, "restarted after failing liveness");
        Assert.NotNull(PodBed.Container(restarted, "sim")!.LastState.Terminated);
        await bed.WaitForEventAsync("sim", "Killing", e => e.Message == "Container sim failed liveness probe, will be restarted");
        // 404 once the simulator listens; on a busy machine it may be killed before, with "connection refused".
        await bed.WaitForEventAsync("sim", "Unhealthy", e => e.Message.StartsWith("Liveness probe failed: ", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_crashing_container_is_restarted_with_back_off_and_its_restarts_are_counted()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "crash");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: crash}
            spec:
              automountServiceAccountToken: false
              containers: [{name: c, image: frontier-shell, command: [sh, -c, "echo about to fail; exit 3"]}]
            """);
        var clock = Stopwatch.StartNew();
        var pod = await bed.WaitForPodAsync("crash", p => PodBed.Container(p, "c")?.RestartCount >= 3, "three restarts");
        // At once, then after 1 s and 2 s (this cluster's first back-off is 1 s; the kubelet's is 10 s): at least 3 s.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"three restarts took {clock.Elapsed.TotalSeconds:0.0} s: no back-off");
        var status = PodBed.Container(pod, "c")!;
        Assert.Equal((3, "Error"), (status.LastState.Terminated.ExitCode, status.LastState.Terminated.Reason));
        Assert.Equal("Running", pod.Status.Phase);
        await bed.WaitForPodAsync("crash", p => PodBed.Container(p, "c")?.State?.Waiting?.Reason == "CrashLoopBackOff", "CrashLoopBackOff");
        await bed.WaitForEventAsync("crash", "BackOff");
        Assert.True(bed.Log("crash", "c").Split("about to fail").Length - 1 >= 3, bed.Log("crash", "c"));

        // cluster.sh logs DIR [NS/]POD shows every start of the container, each after its header line.
        var logs = (await ClusterScript.RunAsync(["logs", cluster.Directory, $"{bed.Namespace}/crash"])).EnsureSuccess();
        Assert.StartsWith($"==> {bed.Namespace}_crash/c.log <==", logs.StdOut, StringComparison.Ordinal);
        Assert.Contains($"container c of pod {bed.Namespace}/crash (restart 2)", logs.StdOut, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", logs.StdOut, StringComparison.Ordinal);
        var unknown = await ClusterScript.RunAsync(["logs", cluster.Directory, "no-such-pod"]);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no pod no-such-pod has run", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_a_pod_turns_it_unready_at_once_then_SIGTERM_the_grace_period_SIGKILL_and_removes_it()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "del");
        // "polite" ends on SIGTERM; "stubborn" ignores it and needs the SIGKILL after the grace period.
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: two}
            spec:
              automountServiceAccountToken: false
              terminationGracePeriodSeconds: 5
              containers:
              - {name: polite, image: frontier-shell, command: [sh, -c, "trap 'echo polite got TERM; exit 0' TERM; while true; do sleep 0.1; done"]}
              - {name: stubborn, image: frontier-shell, command: [sh, -c, "trap 'echo stubborn got TERM' TERM; while true; do sleep 0.1; done"]}
            """);
        await bed.WaitForPodAsync("two", PodBed.IsReady, "Ready");
        var pids = new[] { "polite", "stubborn" }.Select(c => cluster.ContainerPid(bed.Namespace, "two", c)).ToList();
        Assert.All(pids, pid => Assert.NotNull(pid));

        var clock = Stopwatch.StartNew();
        await bed.Client.CoreV1.DeleteNamespacedPodAsync("two", bed.Namespace);
        var terminating = await bed.WaitForPodAsync("two", p => p is null || (p.Metadata.DeletionTimestamp is not null && !PodBed.IsReady(p)), "terminating and not Ready");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"not Ready only {clock.Elapsed.TotalSeconds:0.0} s after the delete: routers would still send to it");
        Assert.NotNull(terminating);
        await bed.WaitForPodAsync("two", p => p is null, "removed", TimeSpan.FromSeconds(30));
        var removedAfter = clock.Elapsed;
        output.WriteLine($"removed {removedAfter.TotalSeconds:0.0} s after the delete (grace period 5 s)");
        Assert.True(removedAfter >= TimeSpan.FromSeconds(5), $"removed after {removedAfter.TotalSeconds:0.0} s: the stubborn container did not get its grace period");

        Assert.Contains("polite got TERM", bed.Log("two", "polite"), StringComparison.Ordinal);
        Assert.Contains("exited with code 0", bed.Log("two", "polite"), StringComparison.Ordinal);
        Assert.Contains("stubborn got TERM", bed.Log("two", "stubborn"), StringComparison.Ordinal);
        Assert.Contains("exited with code 137", bed.Log("two", "stubborn"), StringComparison.Ordinal); // SIGKILL
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} still runs"));
        Assert.Null(cluster.ContainerPid(bed.Namespace, "two", "stubborn"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_pod_sees_its_own_service_account_token_ca_and_namespace_and_the_hosts_directory_stays_empty()
    {
        await using var bed = await PodBed.CreateAsync(cluster, "sa");
        await bed.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, bed.Namespace);
        foreach (var (pod, account) in new[] { ("a", "reader"), ("b", "default") })
        {
            await bed.CreatePodAsync($$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: {{pod}}}
                spec:
                  serviceAccountName: {{account}}
                  containers:
                  - name: c
                    image: frontier-shell
                    command: [sh, -c, 'd=/var/run/secrets/kubernetes.io/serviceaccount; echo "ns=$(cat $d/namespace) token=$(cat $d/token) api=$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"; grep -c BEGIN $d/ca.crt; touch $d/x 2>&1; sleep 600']
                """);
        }
        var tokens = new Dictionary<string, string>();
        foreach (var pod in new[] { "a", "b" })
        {
            await bed.WaitForPodAsync(pod, PodBed.IsReady, "Ready");
            var log = await Poll.UntilAsync(() => Task.FromResult<string?>(bed.Log(pod, "c")), l => l!.Contains("Read-only file system", StringComparison.Ordinal),
                PodBed.Patience, $"pod {pod} to print its files");
            var line = log.Split('\n').Single(l => l.StartsWith("ns=", StringComparison.Ordinal));
            Assert.StartsWith($"ns={bed.Namespace} token=", line, StringComparison.Ordinal);
            Assert.EndsWith($"api=127.0.0.1:{cluster.ApiServerPort}", line, StringComparison.Ordinal);
            Assert.Contains("\n1\n", log, StringComparison.Ordinal); // one CA certificate
            tokens[pod] = line.Split(' ')[1]["token=".Length..];
        }

        var a = PodBed.JwtClaims(tokens["a"]);
        var b = PodBed.JwtClaims(tokens["b"]);
        Assert.Equal($"system:serviceaccount:{bed.Namespace}:reader", a.GetProperty("sub").GetString());
        Assert.Equal($"system:serviceaccount:{bed.Namespace}:default", b.GetProperty("sub").GetString());
        Assert.Equal("a", a.GetProperty("kubernetes.io").GetProperty("pod").GetProperty("name").GetString()); // bound to its pod
        Assert.Empty(Directory.GetFileSystemEntries("/var/run/secrets/kubernetes.io/serviceaccount"));

        // The token is a real credential: the API server knows who it is (403 on what RBAC does not allow, not 401).
        Assert.Equal(HttpStatusCode.Forbidden, await ListPodsWithAsync(tokens["a"], bed.Namespace));
        // Bound to pod a: once the pod is gone, so is the token's validity.
        await bed.Client.CoreV1.DeleteNamespacedPodAsync("a", bed.Namespace, new V1DeleteOptions { GracePeriodSeconds = 1 });
        await bed.WaitForPodAsync("a", p => p is null, "removed");
        await Poll.UntilAsync(async () => await ListPodsWithAsync(tokens["a"], bed.Namespace), s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20), "pod a's token to stop working once pod a is gone");
    }

    [Fact(Timeout = 60_000)]
    public async Task Environment_variable_names_with_dots_reach_the_program_through_the_mount_namespace()
    {
        // The chart sets Logging__LogLevel__Microsoft.AspNetCore; a shell between the mounts and the program drops such names.
        await using var bed = await PodBed.CreateAsync(cluster, "env");
        await bed.CreatePodAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: env}
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: frontier-shell
                command: [env]
                env:
                - {name: Logging__LogLevel__Microsoft.AspNetCore, value: Warning}
                - {name: plain, value: "1"}
            """);
        var pod = await bed.WaitForPodAsync("env", p => p?.Status?.Phase == "Succeeded", "Succeeded");
        Assert.Equal(0, PodBed.Container(pod, "c")!.State.Terminated.ExitCode);
        var log = bed.Log("env", "c");
        Assert.Contains("\nplain=1\n", log, StringComparison.Ordinal);
        Assert.Contains("\nLogging__LogLevel__Microsoft.AspNetCore=Warning\n", log, StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> ListPodsWithAsync(string token, string ns)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = cluster.ApiServerUri, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Sleeper(string name, string requests) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          automountServiceAccountToken: false
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: frontier-shell
            command: [sleep, "600"]
            resources:
              requests: {{{requests}}}
              limits: {{{requests}}}
        """;
}
