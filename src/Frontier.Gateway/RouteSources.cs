using Frontier.Api;
using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Runtime;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frontier.Gateway;

/// <summary>Standalone mode: builds the table from a ModelRoute YAML file and rebuilds it when the file changes.
/// A file that fails to load keeps the last good table.</summary>
public sealed class FileRouteSource(GatewayOptions options, RoutingTableHolder holder, ILogger<FileRouteSource> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = Path.GetFullPath(options.RoutesFile ?? throw new InvalidOperationException("no routes file"));
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        void Signal(object? _, FileSystemEventArgs __) => changed.Release();
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Renamed += (s, e) => changed.Release();
        watcher.EnableRaisingEvents = true;

        DateTime lastWrite = default;
        long lastLength = -1;
        Load(path, ref lastWrite, ref lastLength, force: true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Events can be lost (editors replace files, network filesystems): also poll every 2 s.
                await changed.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.ReloadDebounce, stoppingToken).ConfigureAwait(false);
                while (changed.CurrentCount > 0) await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Load(path, ref lastWrite, ref lastLength, force: false);
        }
    }

    private void Load(string path, ref DateTime lastWrite, ref long lastLength, bool force)
    {
        var info = new FileInfo(path);
        var write = info.Exists ? info.LastWriteTimeUtc : default;
        var length = info.Exists ? info.Length : -1;
        if (!force && write == lastWrite && length == lastLength) return;
        lastWrite = write;
        lastLength = length;
        try
        {
            var table = RoutingTableBuilder.Build(RouteFileLoader.LoadFile(path));
            holder.Swap(table);
            foreach (var note in table.Notes) logger.LogWarning("{Note}", note);
            logger.LogInformation("Loaded {Count} routes from {Path}", table.Routes.Length, path);
        }
        catch (ManifestException e)
        {
            logger.LogError("Cannot load routes; keeping the last good table: {Message}", e.Message);
        }
    }
}

/// <summary>Kubernetes mode: follows ModelRoutes with an informer and rebuilds the table on every change.</summary>
public sealed class KubeRouteSource(IKubernetes client, GatewayOptions options, RoutingTableHolder holder, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Where ModelRoutes are served.</summary>
    public static readonly ResourceType ModelRoutes = new(FrontierApi.Group, "v1alpha1", "modelroutes", Namespaced: true);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<KubeRouteSource>();
        var informer = new Informer<ModelRoute>(
            new CustomResourceClient<ModelRoute>(client, ModelRoutes, options.Namespace), loggers.CreateLogger<Informer<ModelRoute>>());
        var gate = new Lock();
        void Rebuild()
        {
            lock (gate)
            {
                var table = RoutingTableBuilder.Build(informer.List());
                holder.Swap(table);
                foreach (var note in table.Notes) logger.LogDebug("{Note}", note);
            }
        }
        informer.Changed += (_, _) =>
        {
            if (informer.HasSynced) Rebuild();
        };
        var run = informer.RunAsync(stoppingToken);
        try
        {
            await informer.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            Rebuild();
        }
        catch (OperationCanceledException)
        {
        }
        await run.ConfigureAwait(false);
    }
}
