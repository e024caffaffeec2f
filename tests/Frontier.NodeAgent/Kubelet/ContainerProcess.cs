using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Frontier.NodeAgent.Kubelet;

/// <summary>
/// One running container: a child process of the agent (in the agent's process group, so <c>cluster.sh stop</c> can
/// reap whatever outlives the agent), its stdout and stderr appended to the container's log file, its PID in the
/// container's pid file while it runs.
/// </summary>
internal sealed class ContainerProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _pidFile;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        var start = new ProcessStartInfo(plan.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = plan.WorkingDirectory,
        };
        foreach (var arg in plan.Arguments) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var (key, value) in plan.Environment) start.Environment[key] = value;

        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"===== {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {header}: {string.Join(' ', plan.Command)} =====");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var container = new ContainerProcess(process, log, pidFile);
        process.OutputDataReceived += (_, e) => container.Append(e.Data);
        process.ErrorDataReceived += (_, e) => container.Append(e.Data);
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
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = container.WatchExitAsync();
        return container;
    }

    /// <summary>SIGTERM, then SIGKILL if it still runs after <paramref name="grace"/>; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan grace)
    {
        if (!Exited.IsCompleted)
        {
            _ = Kill(Pid, SigTerm);
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

    /// <summary>SIGKILL.</summary>
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        KillNow();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false); // returns after stdout and stderr reached EOF
        var code = _process.ExitCode;
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
