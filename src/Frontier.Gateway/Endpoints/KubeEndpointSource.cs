using Frontier.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frontier.Gateway.Endpoints;

/// <summary>
/// Kubernetes mode: watches Services and Pods (in the gateway's namespace, or all namespaces when it watches all, as
/// <see cref="KubeRouteSource"/> does) with informers and keeps each Service's ready Pods in the
/// <see cref="EndpointDirectory"/>. Events mark their namespace dirty; a loop rebuilds the dirty namespaces' Services
/// (a burst of Pod events costs one rebuild). Without read access to Pods and Services the informers log their
/// failures and retry, and candidates keep the Service's cluster DNS address.
/// </summary>
public sealed class KubeEndpointSource(IKubernetes client, GatewayOptions options, EndpointDirectory directory, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(20);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<KubeEndpointSource>();
        directory.MarkWatching();
        var services = new Informer<V1Service>(CoreClients.Services(client, options.Namespace), loggers.CreateLogger<Informer<V1Service>>());
        var pods = new Informer<V1Pod>(CoreClients.Pods(client, options.Namespace), loggers.CreateLogger<Informer<V1Pod>>());
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        var wake = new SemaphoreSlim(0);
        void MarkDirty(string? ns)
        {
            lock (dirty)
            {
                if (!dirty.Add(ns ?? string.Empty) || dirty.Count > 1) return;
            }
            wake.Release();
        }
        services.Changed += (_, s) => MarkDirty(s.Metadata?.NamespaceProperty);
        pods.Changed += (_, p) => MarkDirty(p.Metadata?.NamespaceProperty);
        var runs = Task.WhenAll(services.RunAsync(stoppingToken), pods.RunAsync(stoppingToken));
        try
        {
            await Task.WhenAll(services.WaitForSyncAsync(stoppingToken), pods.WaitForSyncAsync(stoppingToken)).ConfigureAwait(false);
            RebuildAll(services, pods);
            directory.MarkSynced();
            logger.LogInformation("Endpoint discovery synced: {Services} services, {Pods} pods", services.List().Count, pods.List().Count);
            while (!stoppingToken.IsCancellationRequested)
            {
                await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Coalesce, stoppingToken).ConfigureAwait(false);
                string[] namespaces;
                lock (dirty)
                {
                    namespaces = [.. dirty];
                    dirty.Clear();
                }
                foreach (var ns in namespaces) Rebuild(ns, services, pods);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await runs.ConfigureAwait(false);
    }

    private void RebuildAll(Informer<V1Service> services, Informer<V1Pod> pods)
    {
        foreach (var ns in services.List().Select(s => s.Metadata.NamespaceProperty ?? string.Empty).Distinct(StringComparer.Ordinal))
            Rebuild(ns, services, pods);
    }

    /// <summary>Recomputes every Service of <paramref name="ns"/> and drops the ones that are gone.</summary>
    private void Rebuild(string ns, Informer<V1Service> services, Informer<V1Pod> pods)
    {
        bool InNamespace(IKubernetesObject<V1ObjectMeta> o) => (o.Metadata?.NamespaceProperty ?? string.Empty) == ns;
        var podsHere = pods.List().Where(InNamespace).ToList();
        var servicesHere = services.List().Where(InNamespace).ToList();
        foreach (var service in servicesHere)
            directory.Set(ns, service.Metadata.Name, EndpointSetBuilder.Build(service, podsHere));
        directory.RemoveOthers(ns, servicesHere.Select(s => s.Metadata.Name));
    }
}
