using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Frontier.Testing;

/// <summary>
/// A real Prometheus (the distribution's <c>prometheus</c> binary) on a free 127.0.0.1 port with a temporary storage
/// directory and a 1 s scrape interval over the given loopback targets. Stopped (process tree killed) on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncLifetime
{
    /// <summary>Where Debian's package puts the binary; <c>FRONTIER_PROMETHEUS</c> or <c>PROMETHEUS_BIN</c> (as printed by <c>cluster.sh paths</c>) override it.</summary>
    public const string DefaultBinary = "/usr/bin/prometheus";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly List<(string Job, string Target)> targets;
    private readonly ConcurrentQueue<string> log = new();
    private Process? process;
    private string? dir;

    /// <summary>A server that scrapes nothing.</summary>
    public PrometheusServer()
        : this([])
    {
    }

    /// <summary>A server that scrapes each target (a loopback <c>host:port</c>) every second under its job name.</summary>
    /// <param name="targets">Job names and loopback <c>host:port</c> addresses.</param>
    public PrometheusServer(IEnumerable<(string Job, string Target)> targets)
    {
        this.targets = CheckTargets(targets);
    }

    /// <summary>
    /// Adds scrape targets to the running server (for programs started after it, e.g. one that needs its URL): rewrites
    /// the configuration and asks Prometheus to reload it (<c>POST /-/reload</c>).
    /// </summary>
    /// <param name="more">Job names and loopback <c>host:port</c> addresses.</param>
    /// <returns>A task that completes when Prometheus has accepted the new configuration.</returns>
    public async Task AddTargetsAsync(IEnumerable<(string Job, string Target)> more)
    {
        if (dir is null) throw new InvalidOperationException("Prometheus is not started.");
        targets.AddRange(CheckTargets(more));
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), Config());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var reload = await http.PostAsync(new Uri(BaseUrl, "-/reload"), null);
        if (!reload.IsSuccessStatusCode)
            throw new InvalidOperationException($"Prometheus refused the new configuration: {(int)reload.StatusCode} {await reload.Content.ReadAsStringAsync()}\n{LogTail}");
    }

    private static List<(string Job, string Target)> CheckTargets(IEnumerable<(string Job, string Target)> targets)
    {
        var list = targets.ToList();
        foreach (var (job, target) in list)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(job, "^[a-zA-Z_][a-zA-Z0-9_-]*$") || !target.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Scrape target {job}={target} must be a simple job name and a 127.0.0.1:port address.", nameof(targets));
            }
        }
        return list;
    }

    /// <summary>The server root, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1:0/");

    /// <summary>The version Prometheus reports in <c>/api/v1/status/buildinfo</c>.</summary>
    public string Version { get; private set; } = "unknown";

    /// <summary>How long the start took, until <c>/-/ready</c> answered 200.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The last lines Prometheus logged.</summary>
    public string LogTail => string.Join('\n', log);

    /// <summary>Finds the binary: <c>$FRONTIER_PROMETHEUS</c>, <c>$PROMETHEUS_BIN</c>, <see cref="DefaultBinary"/>, then <c>PATH</c>.</summary>
    /// <returns>The binary's path.</returns>
    /// <exception cref="InvalidOperationException">Not found; the message says how to install it.</exception>
    public static string FindBinary()
    {
        var candidates = new List<string>();
        foreach (var variable in new[] { "FRONTIER_PROMETHEUS", "PROMETHEUS_BIN" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv)
            {
                candidates.Add(fromEnv);
            }
        }

        candidates.Add(DefaultBinary);
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "prometheus")));

        return FindBinary(candidates);
    }

    /// <summary>The first existing file among <paramref name="candidates"/>, or an error that says how to install Prometheus.</summary>
    /// <param name="candidates">Paths to try, in order.</param>
    public static string FindBinary(IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var fix = File.Exists(RepoPaths.ClusterScript)
            ? "run `bash tests/cluster/cluster.sh install` (it apt-get installs Debian's 'prometheus')"
            : "run `apt-get update && apt-get install -y --no-install-recommends prometheus` (Debian package 'prometheus')";
        throw new InvalidOperationException(
            $"The prometheus binary was not found (looked at {string.Join(", ", candidates.Take(3))} and PATH); {fix}, or set FRONTIER_PROMETHEUS to the binary.");
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var binary = FindBinary();
        var started = Stopwatch.StartNew();
        dir = Directory.CreateTempSubdirectory("frontier-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config());

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            try
            {
                await StartAsync(binary, config, port);
                StartupTime = started.Elapsed;
                Version = await ReadVersionAsync();
                return;
            }
            catch (PortTakenException e)
            {
                last = e;
            }
        }

        throw new InvalidOperationException($"Prometheus could not get a free port after 3 tries.\n{LogTail}", last);
    }

    /// <summary>Starts Prometheus again after <see cref="StopAsync"/>, on the same port and with the same data, as a restarted server would.</summary>
    /// <returns>A task that completes when Prometheus is ready.</returns>
    public async Task RestartAsync()
    {
        if (process is not null) throw new InvalidOperationException("Prometheus is still running; stop it first.");
        if (dir is null) throw new InvalidOperationException("Prometheus was never started.");
        await StartAsync(FindBinary(), Path.Combine(dir, "prometheus.yml"), BaseUrl.Port);
    }

    /// <summary>Kills Prometheus (the whole process tree) and waits for it to exit; the next query to it is refused.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // The process already exited.
        }
        finally
        {
            process.Dispose();
            process = null;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        if (dir is not null)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }

            dir = null;
        }
    }

    private string Config()
    {
        var sb = new StringBuilder();
        sb.AppendLine("global:");
        sb.AppendLine("  scrape_interval: 1s");
        sb.AppendLine("  scrape_timeout: 900ms");
        sb.AppendLine("  evaluation_interval: 1s");
        sb.AppendLine(targets.Count == 0 ? "scrape_configs: []" : "scrape_configs:");
        foreach (var (job, target) in targets)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: '{job}'");
            sb.AppendLine("    static_configs:");
            sb.AppendLine(CultureInfo.InvariantCulture, $"      - targets: ['{target}']");
        }

        return sb.ToString();
    }

    private async Task StartAsync(string binary, string config, int port)
    {
        var data = Path.Combine(dir!, $"data-{port}");
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir!,
        };
        psi.ArgumentList.Add($"--config.file={config}");
        psi.ArgumentList.Add($"--storage.tsdb.path={data}");
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        psi.ArgumentList.Add("--storage.tsdb.retention.time=1h");
        psi.ArgumentList.Add("--log.level=info");
        psi.ArgumentList.Add("--web.enable-lifecycle"); // POST /-/reload, for AddTargetsAsync

        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => Log(e.Data);
        p.ErrorDataReceived += (_, e) => Log(e.Data);
        if (!p.Start())
        {
            throw new InvalidOperationException($"Could not start {binary}.");
        }

        process = p;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (p.HasExited)
            {
                await p.WaitForExitAsync();
                var exitCode = p.ExitCode;
                var tail = LogTail;
                await StopAsync();
                if (tail.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException(tail);
                }

                throw new InvalidOperationException($"Prometheus exited with code {exitCode} before it was ready.\n{tail}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start.
            }

            await Task.Delay(100);
        }

        var log = LogTail;
        await StopAsync();
        throw new InvalidOperationException($"Prometheus at {BaseUrl} was not ready within {ReadyTimeout.TotalSeconds} s.\n{log}");
    }

    private async Task<string> ReadVersionAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(BaseUrl, "api/v1/status/buildinfo")));
        return doc.RootElement.GetProperty("data").GetProperty("version").GetString() ?? "unknown";
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 60 && log.TryDequeue(out _))
        {
        }
    }

    /// <summary>A free loopback TCP port (bound once with port 0, then released).</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private sealed class PortTakenException(string log) : Exception(log);
}
