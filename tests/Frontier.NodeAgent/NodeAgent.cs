using System.Security.Cryptography.X509Certificates;
using Frontier.NodeAgent.Kubelet;
using Frontier.NodeAgent.Node;
using Frontier.NodeAgent.Scheduling;
using Frontier.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent;

/// <summary>
/// The agent: registers the Node and keeps it alive, schedules pending pods onto it and runs the pods bound to it.
/// Ready (DIR/node-agent.ready written) once the Node is Ready and both pod watches have synced; on cancellation it
/// stops every pod's containers (SIGTERM, <see cref="ShutdownGrace"/>, SIGKILL) and leaves the API objects alone.
/// </summary>
internal sealed class NodeAgent(NodeAgentOptions options, IKubernetes client, KubernetesClientConfiguration config, ImageMap images, ILoggerFactory logs)
{
    /// <summary>How long containers get to stop when the agent itself is stopped (cluster.sh kills it after 10 s).</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private const string NodeIp = "127.0.0.1";

    private readonly ILogger _logger = logs.CreateLogger("node-agent");

    /// <summary>Runs until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var canMount = PrepareHost();
        var podIps = options.PodNetwork is { } network ? new PodIpAllocator(PodIpAllocator.ParseNetwork(network)) : PodIpAllocator.ChooseFree();
        var heartbeat = new NodeHeartbeat(client, options, NodeIp, podIps.Network, logs.CreateLogger("node"));
        await RegisterAsync(heartbeat, stop).ConfigureAwait(false);

        var onNode = new Informer<V1Pod>(new PodClient(client, $"spec.nodeName={options.NodeName}"), logs.CreateLogger("pods-on-node"));
        var pending = new Informer<V1Pod>(new PodClient(client, "spec.nodeName=,status.phase!=Succeeded,status.phase!=Failed"), logs.CreateLogger("pods-pending"));
        var apiServer = new Uri(config.Host);
        using var prober = new Prober();
        var context = new KubeletContext(client, options, images, prober, podIps,
            new ServiceAccountTokens(client, CertificateAuthorityPem(), options.TokenLifetime),
            new EventRecorder(client, "kubelet", logs.CreateLogger("events")), logs, NodeIp, apiServer.Host, apiServer.Port, canMount);
        var workers = new PodWorkers(context);
        onNode.Changed += workers.OnPodChanged;
        var scheduler = new PodScheduler(client, heartbeat, pending, onNode,
            new EventRecorder(client, "default-scheduler", logs.CreateLogger("events")), options.NodeName, logs.CreateLogger("scheduler"));

        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task[] loops =
        [
            scheduler.RunAsync(running.Token), heartbeat.RunAsync(running.Token), onNode.RunAsync(running.Token), pending.RunAsync(running.Token),
        ];
        try
        {
            await Task.WhenAll(onNode.WaitForSyncAsync(stop), pending.WaitForSyncAsync(stop)).ConfigureAwait(false);
            await File.WriteAllTextAsync(options.ReadyFile, $"NODE_NAME={options.NodeName}\nPOD_NETWORK={podIps.Network}\n", stop).ConfigureAwait(false);
            _logger.LogInformation("node {Node} ready: {Cpu} cpu, {Memory} memory, {Gpus} nvidia.com/gpu, pods on {Network}, images from {Images}",
                options.NodeName, options.Cpu, options.Memory, options.Gpus, podIps.Network, images.Source);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        File.Delete(options.ReadyFile);
        await workers.ShutdownAsync(ShutdownGrace).ConfigureAwait(false);
        await running.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        _logger.LogInformation("stopped");
    }

    /// <summary>Creates the pods directory and, as root, the empty mount point for service-account files; whether mounts work.</summary>
    private bool PrepareHost()
    {
        Directory.CreateDirectory(options.PodsDirectory);
        if (!Environment.IsPrivilegedProcess)
        {
            _logger.LogWarning("not running as root: pods that mount a service-account token or volumes will not start (they need a private mount namespace)");
            return false;
        }
        // Only the empty directory is made, as a mount point; each pod's files are bind-mounted over it in the pod's
        // own mount namespace, so nothing is ever written to the host's /var/run/secrets.
        Directory.CreateDirectory(PodSandbox.ServiceAccountMountPath);
        return true;
    }

    private async Task RegisterAsync(NodeHeartbeat heartbeat, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await heartbeat.RegisterAsync(stop).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException && attempt < 30)
            {
                _logger.LogWarning("registering the node failed ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
        }
    }

    private string CertificateAuthorityPem() =>
        config.SslCaCerts is { Count: > 0 } certificates
            ? string.Concat(certificates.Cast<X509Certificate2>().Select(c => c.ExportCertificatePem() + "\n"))
            : throw new InvalidOperationException("the kubeconfig names no certificate authority; pods would have no ca.crt");
}
