using System.Collections.Concurrent;
using System.Diagnostics;

namespace Frontier.Testing;

/// <summary>
/// A built .NET application (<c>dotnet APP.dll args…</c>) run as a child process of the test, with its stdout and
/// stderr kept (the last <see cref="KeptLines"/> lines) for diagnostics. Dispose kills it with its children.
/// </summary>
public sealed class DotnetAppProcess : IAsyncDisposable
{
    /// <summary>How many log lines are kept.</summary>
    public const int KeptLines = 2000;

    // Children still running when the test host exits normally (a test that timed out never reached its dispose) are
    // killed then, so they do not outlive the run.
    private static readonly ConcurrentDictionary<DotnetAppProcess, byte> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    static DotnetAppProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in Running.Keys) child.Kill();
        };
    }

    private DotnetAppProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A short name for messages, e.g. "frontier-operator".</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once ended, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The path of <paramref name="assemblyName"/>.dll next to the running test assembly (where a ProjectReference
    /// to the application puts it); throws naming the project to reference when it is not there.</summary>
    public static string BesideTests(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: the test project must have a ProjectReference to the project that builds {assemblyName}");
        return path;
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>.</summary>
    /// <param name="dll">The application's main assembly.</param>
    /// <param name="args">Its command line.</param>
    /// <param name="name">A short name for messages; the file name by default.</param>
    /// <param name="environment">Variables to set for it.</param>
    /// <param name="interruptible">Start it with SIGINT handled as in a terminal (<c>env --default-signal=INT</c>): a test
    /// run started in the background by a non-interactive shell inherits SIGINT ignored, and .NET then never sees
    /// Ctrl-C. Set it for tests that send SIGINT.</param>
    public static DotnetAppProcess Start(string dll, IEnumerable<string> args, string? name = null, IReadOnlyDictionary<string, string>? environment = null,
        bool interruptible = false)
    {
        ArgumentNullException.ThrowIfNull(dll);
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(interruptible ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (interruptible)
        {
            start.ArgumentList.Add("--default-signal=INT"); // env execs dotnet: same PID, so signals reach the program
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new DotnetAppProcess(process, name ?? Path.GetFileNameWithoutExtension(dll));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"could not start dotnet {dll}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running.TryAdd(app, 0);
        return app;
    }

    /// <summary>
    /// Polls <paramref name="health"/> until it answers 2xx; throws when the process exits first (with its log) or
    /// <paramref name="timeout"/> passes. Callers dispose the process when this throws.
    /// </summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, Uri health, TimeSpan timeout, int logLines = 80)
    {
        ArgumentNullException.ThrowIfNull(http);
        await Poll.UntilAsync(async () =>
            {
                if (HasExited) return false;
                using var response = await http.GetAsync(health);
                return response.IsSuccessStatusCode;
            }, ok => ok || HasExited, timeout, $"{Name} {health}", () => LogTail(logLines));
        if (HasExited) throw new InvalidOperationException($"{Name} exited with code {ExitCode}:\n{LogTail(logLines)}");
    }

    /// <summary>The last <paramref name="lines"/> lines the process wrote (stdout and stderr interleaved).</summary>
    public string LogTail(int lines = 80) => string.Join('\n', _log.ToArray().TakeLast(lines));

    /// <summary>SIGKILL to the process and its children; waits up to 10 s for it to end.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        Running.TryRemove(this, out _);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"{Name} (pid {(HasExited ? "exited" : Id.ToString(System.Globalization.CultureInfo.InvariantCulture))})";

    private void Append(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > KeptLines && _log.TryDequeue(out _))
        {
        }
    }
}
