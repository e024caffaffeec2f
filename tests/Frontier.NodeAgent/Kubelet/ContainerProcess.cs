using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// One running container: a child process of the agent started by <c>setsid</c>, so the container is a process group
/// of its own (its PID is the group's ID) and a signal reaches everything in it, as it reaches every process of a
/// container. Once the main process has ended, whatever it left running in the group is killed, as a container's
/// processes die with it. Its stdout and stderr are appended to the container's log file, its PID is in the
/// container's pid file while it runs (<c>cluster.sh stop</c> reaps from there should the agent be killed).
/// </summary>
internal sealed class ContainerProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _pidFile;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ContainerProcess(Process process, StreamWriter log, string pidFile)
    {
        _process = process;
        _log = log;
        _pidFile = pidFile;
    }

    /// <summary>The process id.</summary>
    public int Pid { get; private set; }

    /// <summary>When it started.</summary>
    public DateTime StartedAt { get; private set; }

    /// <summary>Completes with the exit code (128 + signal when a signal ended it) once the process has ended.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Starts <paramref name="plan"/>; throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot be started.</summary>
    /// <param name="plan">What to run.</param>
    /// <param name="logFile">Appended to (a header line per start).</param>
    /// <param name="pidFile">Holds the PID while the process runs.</param>
    /// <param name="header">The header line's text.</param>
    public static ContainerProcess Start(LaunchPlan plan, string logFile, string pidFile, string header)
    {
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = plan.WorkingDirectory,
        };
        start.ArgumentList.Add(plan.FileName); // setsid execs it in place: same PID
        foreach (var arg in plan.Arguments) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var (key, value) in plan.Environment) start.Environment[key] = value;

        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"===== {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {header}: {string.Join(' ', plan.Command)} =====");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var container = new ContainerProcess(process, log, pidFile);
        process.OutputDataReceived += (_, e) => container.Append(e.Data);
        process.ErrorDataReceived += (_, e) => container.Append(e.Data);
        process.Exited += (_, _) => _ = container.MainExitedAsync();
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }
        process.StandardInput.Close(); // no stdin, as in a pod without stdin: true
        container.Pid = process.Id;
        container.StartedAt = DateTime.UtcNow;
        File.WriteAllText(pidFile, container.Pid.ToString(CultureInfo.InvariantCulture));
        container._started.TrySetResult();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    /// <summary>SIGTERM to the container's processes, then SIGKILL if the main one still runs after <paramref name="grace"/>; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan grace)
    {
        if (!Exited.IsCompleted)
        {
            SignalGroup(SigTerm);
            try
            {
                return await Exited.WaitAsync(grace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                KillNow();
            }
        }
        return await Exited.ConfigureAwait(false);
    }

    /// <summary>SIGKILL to the container's processes.</summary>
    public void KillNow()
    {
        if (!Exited.IsCompleted) SignalGroup(SigKill);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        KillNow();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    // The main process has ended: the rest of the group goes with it, then the output drains (a process that left the
    // group may still hold the pipes; the log then misses its last lines rather than the container never ending).
    private async Task MainExitedAsync()
    {
        await _started.Task.ConfigureAwait(false); // Pid and the pid file are set
        var code = _process.ExitCode;
        SignalGroup(SigKill);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(OutputDrain).ConfigureAwait(false); // returns once stdout and stderr reached EOF
        }
        catch (TimeoutException)
        {
        }
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
        }
        Append($"===== {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} exited with code {code} =====");
        _exited.TrySetResult(code);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    // The process group the container leads (its ID is the PID): never 0 or 1, which would mean the agent's own group or every process.
    private void SignalGroup(int signal)
    {
        if (Pid > 1) _ = Kill(-Pid, signal);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
