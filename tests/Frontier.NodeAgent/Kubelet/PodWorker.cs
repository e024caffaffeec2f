using System.Net;
using Frontier.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// One pod bound to this node, from setup to removal: give it an IP, directories and service-account files; run its
/// containers; keep its status in the API current; and when it is deleted, stop like a kubelet (not Ready at once,
/// SIGTERM, up to the grace period, SIGKILL) and remove the Pod object.
/// </summary>
internal sealed class PodWorker
{
    private static readonly TimeSpan MinimumGrace = TimeSpan.FromSeconds(2); // the kubelet's minimum for a forced delete
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly KubeletContext _context;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<TimeSpan> _terminate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _statusDirty = new(0, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly DateTime _startTime = DateTime.UtcNow;
    private readonly object _lock = new();
    private V1Pod _pod;
    private PodSandbox? _sandbox;
    private List<ContainerRunner> _containers = [];
    private string? _setupError;
    private IList<V1PodCondition>? _conditions;
    private bool _terminating;
    private bool _goneFromApi;
    private bool _shuttingDown;

    public PodWorker(V1Pod pod, KubeletContext context)
    {
        _pod = pod;
        _context = context;
        _logger = context.Logs.CreateLogger($"pod {Key}");
    }

    /// <summary>"namespace/name".</summary>
    public string Key => $"{_pod.Metadata.NamespaceProperty}/{_pod.Metadata.Name}";

    /// <summary>Completes when the worker has finished (the pod is gone, or the agent shut down).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the worker.</summary>
    public void Start() => Completion = RunAsync();

    /// <summary>A newer version of the pod: a deletionTimestamp starts the graceful stop.</summary>
    public void Update(V1Pod pod)
    {
        lock (_lock) _pod = pod;
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
            _terminate.TrySetResult(grace < MinimumGrace ? MinimumGrace : grace);
        }
    }

    /// <summary>The Pod object is gone from the API (a forced delete): stop the containers at once.</summary>
    public void Deleted()
    {
        _goneFromApi = true;
        _terminate.TrySetResult(MinimumGrace);
    }

    /// <summary>The agent is stopping: stop the containers within <paramref name="grace"/>, leave the Pod object alone.</summary>
    public Task ShutdownAsync(TimeSpan grace)
    {
        _shuttingDown = true;
        _terminate.TrySetResult(grace);
        return Completion;
    }

    private async Task RunAsync()
    {
        var statusLoop = SyncStatusLoopAsync(_lifetime.Token);
        try
        {
            if (await SetUpAsync().ConfigureAwait(false))
            {
                StartContainers();
                var tokenRefresh = RefreshTokenLoopAsync(_lifetime.Token);
                var grace = await _terminate.Task.ConfigureAwait(false);
                await StopContainersAsync(grace).ConfigureAwait(false);
                await _lifetime.CancelAsync().ConfigureAwait(false);
                await tokenRefresh.ConfigureAwait(false);
            }
            await _lifetime.CancelAsync().ConfigureAwait(false);
            await statusLoop.ConfigureAwait(false);
            if (!_shuttingDown && !_goneFromApi)
            {
                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                await DeletePodObjectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "pod worker failed");
        }
        finally
        {
            CleanUp();
        }
    }

    /// <summary>Phase 1: IP, directories, service-account files. False when the pod went away before that succeeded.</summary>
    private async Task<bool> SetUpAsync()
    {
        var pod = Pod;
        var directory = Path.Combine(_context.Options.PodsDirectory, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}");
        var ip = _context.PodIps.Allocate();
        lock (_lock) _sandbox = new PodSandbox(ip, _context.NodeIp, _context.Options.NodeName, directory, null, _context.ApiServerHost, _context.ApiServerPort);
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(_sandbox.Home);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            if (volume.EmptyDir is not null) Directory.CreateDirectory(_sandbox.EmptyDir(volume.Name));
        }
        RequestStatus();
        while (!_terminate.Task.IsCompleted)
        {
            try
            {
                if (await _context.Tokens.AutomountsAsync(pod, _lifetime.Token).ConfigureAwait(false))
                {
                    var tokens = Path.Combine(directory, "serviceaccount");
                    await _context.Tokens.WriteAsync(pod, tokens, _lifetime.Token).ConfigureAwait(false);
                    lock (_lock) _sandbox = _sandbox with { ServiceAccountDirectory = tokens };
                }
                lock (_lock) _setupError = null;
                return true;
            }
            catch (Exception e) when (e is PodSetupException or HttpRequestException or HttpOperationException)
            {
                if (_setupError != e.Message)
                {
                    _logger.LogWarning("cannot set the pod up yet: {Error}", e.Message);
                    await _context.Events.WarningAsync(pod, "FailedMount", e.Message, _lifetime.Token).ConfigureAwait(false);
                }
                lock (_lock) _setupError = e.Message;
                RequestStatus();
                await Task.WhenAny(Task.Delay(RetryDelay), _terminate.Task).ConfigureAwait(false);
            }
        }
        return false;
    }

    /// <summary>Phase 2: one runner per container.</summary>
    private void StartContainers()
    {
        var pod = Pod;
        if (pod.Spec.InitContainers is { Count: > 0 })
            _logger.LogWarning("init containers are not emulated by the node agent; starting the containers without them");
        var runners = pod.Spec.Containers.Select(c => new ContainerRunner(pod, c, _sandbox!, _context, RequestStatus)).ToList();
        lock (_lock) _containers = runners;
        foreach (var runner in runners) runner.Start();
    }

    /// <summary>Phase 3: not Ready at once, then every container SIGTERM → grace → SIGKILL, side by side.</summary>
    private async Task StopContainersAsync(TimeSpan grace)
    {
        _logger.LogInformation("stopping (grace period {Grace} s)", grace.TotalSeconds);
        lock (_lock) _terminating = true;
        RequestStatus();
        await Task.WhenAll(Containers.Select(c => c.StopAsync(grace))).ConfigureAwait(false);
    }

    /// <summary>Phase 4: the kubelet removes the Pod object once its containers are gone (grace 0, only this incarnation).</summary>
    private async Task DeletePodObjectAsync()
    {
        var pod = Pod;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }).ConfigureAwait(false);
                _logger.LogInformation("removed");
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                return; // gone already, or another incarnation under the same name
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException && attempt < 30)
            {
                _logger.LogWarning("deleting the pod failed ({Error}); retrying", e.Message);
                await Task.Delay(RetryDelay).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshTokenLoopAsync(CancellationToken cancellationToken)
    {
        var tokens = _sandbox?.ServiceAccountDirectory;
        if (tokens is null) return;
        var next = _context.Options.TokenLifetime * 0.8;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(next, cancellationToken).ConfigureAwait(false);
                next = await _context.Tokens.WriteAsync(Pod, tokens, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is PodSetupException or HttpRequestException or HttpOperationException)
            {
                _logger.LogWarning("refreshing the service-account token failed ({Error}); retrying in 10 s", e.Message);
                next = TimeSpan.FromSeconds(10);
            }
        }
    }

    /// <summary>Coalesces status changes into one write at a time; retries a failed write.</summary>
    private async Task SyncStatusLoopAsync(CancellationToken cancellationToken)
    {
        string? written = null;
        while (true)
        {
            try
            {
                await _statusDirty.WaitAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false); // let a burst of changes settle
                written = await WriteStatusAsync(cancellationToken, written).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Patches the pod's status when it differs from <paramref name="written"/>; returns what is now written.</summary>
    private async Task<string?> WriteStatusAsync(CancellationToken cancellationToken, string? written = null)
    {
        var pod = Pod;
        if (_goneFromApi) return written;
        V1PodStatus status;
        lock (_lock)
        {
            var containers = _setupError is null && _containers.Count > 0
                ? _containers.Select(c => c.Status()).ToList()
                : pod.Spec.Containers.Select(c => WaitingStatus(c, _setupError)).ToList();
            status = PodStatusBuilder.Build(pod, _conditions ?? pod.Status?.Conditions, _sandbox, containers, _terminating, _startTime, DateTime.UtcNow);
        }
        var json = KubernetesJson.Serialize(new { status });
        if (json == written) return written;
        try
        {
            var updated = await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(json, V1Patch.PatchType.MergePatch),
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            lock (_lock) _conditions = updated.Status?.Conditions; // their transition times, for the next write
            return json;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            _goneFromApi = true;
            return written;
        }
        catch (Exception e) when (e is HttpRequestException or HttpOperationException)
        {
            _logger.LogWarning("writing the pod's status failed ({Error}); retrying", e.Message);
            _ = Task.Delay(RetryDelay, cancellationToken).ContinueWith(_ => RequestStatus(), TaskScheduler.Default);
            return written;
        }
    }

    private static V1ContainerStatus WaitingStatus(V1Container container, string? setupError) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = string.Empty,
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState
        {
            Waiting = new V1ContainerStateWaiting
            {
                Reason = setupError is null ? "ContainerCreating" : "CreateContainerConfigError",
                Message = setupError,
            },
        },
    };

    private void RequestStatus()
    {
        if (_statusDirty.CurrentCount == 0)
        {
            try
            {
                _statusDirty.Release();
            }
            catch (SemaphoreFullException)
            {
                // already requested
            }
        }
    }

    private void CleanUp()
    {
        var sandbox = _sandbox;
        if (sandbox is null) return;
        _context.PodIps.Release(sandbox.PodIp);
        if (_shuttingDown) return; // the pod may run again when the agent comes back
        foreach (var path in new[] { sandbox.ServiceAccountDirectory, Path.Combine(sandbox.Directory, "volumes") })
        {
            try
            {
                if (path is not null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning("could not remove {Path}: {Error}", path, e.Message);
            }
        }
    }

    private V1Pod Pod
    {
        get
        {
            lock (_lock) return _pod;
        }
    }

    private List<ContainerRunner> Containers
    {
        get
        {
            lock (_lock) return _containers;
        }
    }
}
