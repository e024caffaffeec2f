using System.ComponentModel;
using System.Globalization;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// Runs one container of a pod for its whole life: resolves the image (ErrImagePull when it cannot), starts the
/// process, runs its probes, restarts it per the pod's restartPolicy with the kubelet's back-off (at once, then
/// 10 s, 20 s, … up to 5 minutes) and counts restarts, and stops it (SIGTERM, grace period, SIGKILL) when asked.
/// Its state is read as a <see cref="V1ContainerStatus"/>; every change calls the pod worker's <c>changed</c>.
/// </summary>
internal sealed class ContainerRunner
{
    private readonly V1Pod _pod;
    private readonly V1Container _container;
    private readonly PodSandbox _sandbox;
    private readonly KubeletContext _context;
    private readonly Action _changed;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private V1ContainerState _state = Waiting("ContainerCreating", null);
    private V1ContainerState? _lastState;
    private int _restarts;
    private bool _ready;
    private bool _started;
    private string? _containerId;
    private TimeSpan _grace;
    private Task _run = Task.CompletedTask;

    public ContainerRunner(V1Pod pod, V1Container container, PodSandbox sandbox, KubeletContext context, Action changed)
    {
        _pod = pod;
        _container = container;
        _sandbox = sandbox;
        _context = context;
        _changed = changed;
        _logger = context.Logs.CreateLogger($"container {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}/{container.Name}");
        _grace = GracePeriod(pod);
    }

    /// <summary>The container's name.</summary>
    public string Name => _container.Name;

    /// <summary>Whether the container ended and will not be restarted (restartPolicy Never or OnFailure).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>The grace period the pod asks for (terminationGracePeriodSeconds, default 30 s).</summary>
    public static TimeSpan GracePeriod(V1Pod pod) => TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);

    /// <summary>Starts running the container.</summary>
    public void Start() => _run = RunAsync();

    /// <summary>Stops the container: SIGTERM, then SIGKILL after <paramref name="grace"/>; returns once it has ended.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        lock (_lock)
        {
            _grace = grace;
            _ready = false;
        }
        _stopped.TrySetResult();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
    }

    /// <summary>The container's status as the pod's status shows it.</summary>
    public V1ContainerStatus Status()
    {
        lock (_lock)
        {
            return new V1ContainerStatus
            {
                Name = _container.Name,
                Image = _container.Image,
                ImageID = string.Empty,
                ContainerID = _containerId,
                State = _state,
                LastState = _lastState ?? new V1ContainerState(),
                Ready = _ready,
                Started = _started,
                RestartCount = _restarts,
            };
        }
    }

    private async Task RunAsync()
    {
        // Phase 1: what to run. A failure here holds the container Waiting until the pod goes away.
        if (!_context.Images.TryResolve(_container.Image, out var image, out var pullError))
        {
            await HoldAsync("ErrImagePull", pullError, $"Failed to pull image \"{_container.Image}\": {pullError}").ConfigureAwait(false);
            return;
        }
        if (!ContainerLaunch.TryPlan(_pod, _container, image, _sandbox, _context.CanMount, out var plan, out var configError))
        {
            await HoldAsync("CreateContainerConfigError", configError, "Error: " + configError).ConfigureAwait(false);
            return;
        }
        await EventAsync("Normal", "Pulled", $"Container image \"{_container.Image}\" already present on machine").ConfigureAwait(false);

        // Phase 2: run, supervise, restart.
        var backoff = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            var exitCode = await RunOnceAsync(plan).ConfigureAwait(false);
            if (_stop.IsCancellationRequested || !ShouldRestart(exitCode))
            {
                IsFinished = !_stop.IsCancellationRequested;
                _changed();
                return;
            }
            if (backoff > TimeSpan.Zero && !await BackOffAsync(backoff).ConfigureAwait(false)) return;
            backoff = backoff == TimeSpan.Zero ? _context.Options.RestartBackoff : Min(backoff * 2, _context.Options.MaxRestartBackoff);
            lock (_lock) _restarts++;
        }
    }

    /// <summary>One life of the process: start, supervise until it exits, fails liveness/startup or is stopped; its exit code.</summary>
    private async Task<int> RunOnceAsync(LaunchPlan plan)
    {
        ContainerProcess process;
        try
        {
            var header = $"container {_container.Name} of pod {_pod.Metadata.NamespaceProperty}/{_pod.Metadata.Name} (restart {_restarts})";
            process = ContainerProcess.Start(plan, _sandbox.LogFile(_container.Name), _sandbox.PidFile(_container.Name), header);
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("cannot start {Program}: {Error}", plan.FileName, e.Message);
            SetTerminated(128, "StartError", e.Message, DateTime.UtcNow);
            await EventAsync("Warning", "Failed", $"Error: failed to start container \"{_container.Name}\": {e.Message}").ConfigureAwait(false);
            return 128;
        }
        using (process)
        {
            lock (_lock)
            {
                if (_state.Terminated is not null) _lastState = _state;
                _containerId = string.Create(CultureInfo.InvariantCulture, $"frontier://{process.Pid}");
                _state = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = process.StartedAt } };
                _ready = false;
                _started = _container.StartupProbe is null;
            }
            _changed();
            _logger.LogInformation("started pid {Pid}: {Command}", process.Pid, string.Join(' ', plan.Command));
            await EventAsync("Normal", "Started", $"Started container {_container.Name}").ConfigureAwait(false);

            var unhealthy = await SuperviseAsync(process).ConfigureAwait(false);
            if (unhealthy is not null)
                await EventAsync("Normal", "Killing", $"Container {_container.Name} failed {unhealthy.ToLowerInvariant()} probe, will be restarted").ConfigureAwait(false);
            else if (_stop.IsCancellationRequested && !process.Exited.IsCompleted)
                await EventAsync("Normal", "Killing", $"Stopping container {_container.Name}").ConfigureAwait(false);
            TimeSpan grace;
            lock (_lock) grace = _grace;
            var code = await process.TerminateAsync(grace).ConfigureAwait(false);
            SetTerminated(code, code == 0 ? "Completed" : "Error", null, process.StartedAt);
            _logger.LogInformation("pid {Pid} ended with exit code {Code}", process.Pid, code);
            return code;
        }
    }

    /// <summary>Runs the probes until the process exits, a liveness or startup probe gives up (its name is returned) or the runner is stopped.</summary>
    private async Task<string?> SuperviseAsync(ContainerProcess process)
    {
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var unhealthy = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probes = Guard(ProbeAsync(unhealthy, probing.Token));
        var first = await Task.WhenAny(process.Exited, unhealthy.Task, _stopped.Task).ConfigureAwait(false);
        await probing.CancelAsync().ConfigureAwait(false);
        await probes.ConfigureAwait(false);
        SetReady(false); // after every probe has ended, so nothing turns it back
        return first == unhealthy.Task && !process.Exited.IsCompleted ? unhealthy.Task.Result : null;
    }

    /// <summary>The startup probe until it passes, then readiness and liveness side by side.</summary>
    private async Task ProbeAsync(TaskCompletionSource<string> unhealthy, CancellationToken cancellationToken)
    {
        if (_container.StartupProbe is { } startupProbe)
        {
            var startup = Loop(ProbeKind.Startup, startupProbe);
            await startup.RunAsync(ok =>
            {
                if (!ok) unhealthy.TrySetResult(startup.Name);
                return Task.CompletedTask;
            }, FailedAsync(startup), cancellationToken).ConfigureAwait(false); // returns once it passed
            lock (_lock) _started = true;
            _changed();
        }
        var loops = new List<Task>();
        if (_container.ReadinessProbe is { } readinessProbe)
        {
            var readiness = Loop(ProbeKind.Readiness, readinessProbe);
            loops.Add(readiness.RunAsync(ok =>
            {
                if (!cancellationToken.IsCancellationRequested) SetReady(ok);
                return Task.CompletedTask;
            }, FailedAsync(readiness), cancellationToken));
        }
        else if (!cancellationToken.IsCancellationRequested) SetReady(true);
        if (_container.LivenessProbe is { } livenessProbe)
        {
            var liveness = Loop(ProbeKind.Liveness, livenessProbe);
            loops.Add(liveness.RunAsync(ok =>
            {
                if (!ok) unhealthy.TrySetResult(liveness.Name);
                return Task.CompletedTask;
            }, FailedAsync(liveness), cancellationToken));
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private ProbeLoop Loop(ProbeKind kind, V1Probe probe) => new(_context.Prober, kind, probe, _container, _sandbox.PodIp);

    private Func<ProbeResult, Task> FailedAsync(ProbeLoop loop) =>
        result => EventAsync("Warning", "Unhealthy", $"{loop.Name} probe failed: {result.Message}");

    // Probing ends by cancellation; nothing else may escape it.
    private async Task Guard(Task probe)
    {
        try
        {
            await probe.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "probing failed");
        }
    }

    private bool ShouldRestart(int exitCode) => _pod.Spec.RestartPolicy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    /// <summary>Waits <paramref name="delay"/> in CrashLoopBackOff; false when stopped meanwhile.</summary>
    private async Task<bool> BackOffAsync(TimeSpan delay)
    {
        var message = $"back-off {Seconds(delay)} restarting failed container={_container.Name} pod={_pod.Metadata.Name}_{_pod.Metadata.NamespaceProperty}({_pod.Metadata.Uid})";
        lock (_lock)
        {
            _lastState = _state;
            _state = Waiting("CrashLoopBackOff", message);
        }
        _changed();
        await EventAsync("Warning", "BackOff", "Back-off restarting failed container").ConfigureAwait(false);
        try
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            lock (_lock) _state = _lastState ?? _state; // stopped while backing off: it stays terminated
            _changed();
            return false;
        }
    }

    /// <summary>Waiting with <paramref name="reason"/> until stopped (nothing to run).</summary>
    private async Task HoldAsync(string reason, string message, string eventMessage)
    {
        _logger.LogWarning("{Reason}: {Message}", reason, message);
        lock (_lock) _state = Waiting(reason, message);
        _changed();
        await EventAsync("Warning", "Failed", eventMessage).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SetReady(bool ready)
    {
        lock (_lock)
        {
            if (_ready == ready || (ready && _stop.IsCancellationRequested)) return;
            _ready = ready;
        }
        _changed();
    }

    private void SetTerminated(int exitCode, string reason, string? message, DateTime startedAt)
    {
        lock (_lock)
        {
            _state = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exitCode, Reason = reason, Message = message, StartedAt = startedAt, FinishedAt = DateTime.UtcNow, ContainerID = _containerId,
                },
            };
            _ready = false;
        }
        _changed();
    }

    private Task EventAsync(string type, string reason, string message) =>
        _context.Events.RecordAsync(_pod, type == "Warning" ? Runtime.EventSeverity.Warning : Runtime.EventSeverity.Normal, reason, message, CancellationToken.None); // an Event must be written even while the container stops

    private static V1ContainerState Waiting(string reason, string? message) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}
