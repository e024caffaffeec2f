using System.CommandLine;
using System.Runtime.InteropServices;
using Frontier.Api.Benchmarks;
using Frontier.Api.Validation;
using Frontier.Bench;
using Frontier.Cli.Tables;
using Frontier.Traces;
using Spectre.Console;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary>
/// <c>frontier bench</c>: measures a ModelBenchmark from an OpenAI-compatible server, one closed-loop level per
/// concurrency, and writes it as YAML. Ctrl-C writes what was measured, marked incomplete, and exits 130.
/// </summary>
internal sealed class BenchCommand : Command
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it); the levels measured so far are written.</summary>
    public const int Interrupted = 130;

    private const int DefaultRequests = 200;
    private const int TraceLinesUsed = 10_000;

    /// <summary>spec.benchmark.requests with --duration unless --benchmark-requests says otherwise.</summary>
    private const int DurationWorkload = 1000;

    private readonly Option<string?> _url = ValueOptions.Required(ValueOptions.Text("--url", "BASE_URL", "the server, e.g. http://127.0.0.1:8000 (with or without /v1)"));
    private readonly Option<string?> _apiKeyEnv = ValueOptions.Text("--api-key-env", "VAR", "send the value of environment variable VAR as the bearer token");
    private readonly Option<int[]?> _levels = BenchOptions.Levels();
    private readonly Option<int?> _requests = ValueOptions.WholeNumber("--requests", "N", Invariant($"measured requests per level (default {DefaultRequests})"), v => v >= 1, "must be ≥ 1");
    private readonly Option<double?> _duration = ValueOptions.Number("--duration", "S", "or: measure each level for S seconds", v => v > 0, "must be > 0");
    private readonly Option<int?> _warmup = ValueOptions.WholeNumber("--warmup", "N", "completions before measuring starts, per level (default: the level's concurrency)", v => v >= 0, "must be ≥ 0");
    private readonly Option<string?> _dataset = ValueOptions.Text("--dataset", "FILE.jsonl", "requests, one per line: {\"messages\": [...], \"max_tokens\": N} or {\"prompt\": \"...\", \"max_tokens\": N}");
    private readonly Option<string?> _trace = ValueOptions.Text("--trace", "CSV", "token lengths from an Azure-format trace (TIMESTAMP, ContextTokens, GeneratedTokens), prompts built to that size");
    private readonly Option<(int Input, int Output)?> _synthetic = BenchOptions.Synthetic();
    private readonly Option<double?> _timeout = ValueOptions.Number("--timeout", "S", "longest one request may take (default 600)", v => v > 0, "must be > 0");
    private readonly BenchIdentityOptions _identity = new();
    private readonly Option<OutputFormat?> _output = ValueOptions.Choice<OutputFormat>("--output", null, "with --out: print the levels as a table (default) or JSON");

    public BenchCommand() : base("bench", "measure a ModelBenchmark from an OpenAI-compatible server: a closed-loop streaming load at each concurrency")
    {
        foreach (var option in new Option[] { _url, _apiKeyEnv, _levels, _requests, _duration, _warmup, _dataset, _trace, _synthetic, _timeout })
            Options.Add(option);
        _identity.AddTo(this);
        Options.Add(_output);
        SetAction(parsed => Run(parsed));
    }

    private int Run(ParseResult parsed)
    {
        PreferInlineSocketCompletions();
        var settings = Settings(parsed);
        var workload = Workload(parsed, settings.Model);
        using var generator = new LoadGenerator(settings.Url, settings.ApiKey, TimeSpan.FromSeconds(parsed.GetValue(_timeout) ?? 600));
        var stderr = parsed.InvocationConfiguration.Error;
        Probe(generator, workload[0], settings.Url);

        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            interrupt.Cancel();
        });
        var sweep = RunSweep(generator, settings.Plans, workload, stderr, interrupt.Token);
        if (sweep.Levels.All(l => l.Succeeded == 0))
        {
            if (sweep.Interrupted)
            {
                stderr.WriteLine($"{FrontierCli.Name} bench: interrupted before any request was measured; nothing written");
                return Interrupted;
            }
            throw new UsageException($"{settings.Url}: no request succeeded at any level ({string.Join("; ", sweep.Levels.Select(BenchmarkDocument.Describe))})");
        }

        var benchmark = BenchmarkDocument.Build(settings.Identity, sweep, settings.Plans);
        var problems = SpecValidator.Validate(benchmark);
        if (problems.Count > 0) throw new InvalidOperationException($"the measured benchmark does not validate: {problems[0].Field}: {problems[0].Message}");
        Write(parsed, benchmark, sweep, stderr);
        if (!sweep.Interrupted) return 0;
        stderr.WriteLine($"{FrontierCli.Name} bench: interrupted; wrote the levels measured so far, marked by the annotation {BenchmarkDocument.IncompleteAnnotation}");
        return Interrupted;
    }

    /// <summary>
    /// Lets socket completions run the load generator's short continuations on the event thread instead of hopping to
    /// the thread pool: the runtime reads this variable once, when the process opens its first socket, so it is set
    /// before any (unless the user set it). Measured with tests/scripts/bench-loadgen.sh: it is most of the client's
    /// CPU per request, and its rate against wrk on a busy machine.
    /// </summary>
    private static void PreferInlineSocketCompletions()
    {
        const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "1");
    }

    private (Uri Url, string Model, string? ApiKey, IReadOnlyList<LevelPlan> Plans, BenchmarkIdentity Identity) Settings(ParseResult parsed)
    {
        var urlText = parsed.GetValue(_url)!;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--url: expected an absolute http(s) URL, got '{urlText}'");
        string? apiKey = null;
        if (parsed.GetValue(_apiKeyEnv) is { } variable)
        {
            apiKey = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(apiKey)) throw new UsageException($"--api-key-env: environment variable {variable} is not set");
        }
        var requests = parsed.GetValue(_requests);
        var duration = parsed.GetValue(_duration);
        if (requests is not null && duration is not null) throw new UsageException("--requests and --duration: give one of them");
        if (requests is null && duration is null) requests = DefaultRequests;
        if (parsed.GetValue(_identity.Out) is null && parsed.GetResult(_output) is not null)
            throw new UsageException("--output needs --out FILE: without it the ModelBenchmark YAML is what bench prints");
        var warmup = parsed.GetValue(_warmup);
        var plans = (parsed.GetValue(_levels) ?? BenchOptions.DefaultLevels)
            .Select(c => LevelPlan.Create(c, warmup ?? c, requests, duration)).ToList();
        var model = _identity.Model(parsed);
        var identity = _identity.Identity(parsed, "frontier-bench", requests ?? DurationWorkload);
        return (url, model, apiKey, plans, identity);
    }

    private IReadOnlyList<WorkloadItem> Workload(ParseResult parsed, string model)
    {
        var dataset = parsed.GetValue(_dataset);
        var trace = parsed.GetValue(_trace);
        var synthetic = parsed.GetValue(_synthetic);
        var given = new[] { dataset is null ? null : "--dataset", trace is null ? null : "--trace", synthetic is null ? null : "--synthetic" }.OfType<string>().ToList();
        if (given.Count > 1) throw new UsageException($"{string.Join(" and ", given)}: give one workload");
        try
        {
            if (dataset is not null) return Workloads.FromDataset(dataset, model);
            if (trace is not null) return Workloads.FromTrace(AzureTrace.ReadFile(trace), model, TraceLinesUsed);
            var (input, output) = synthetic ?? (128, 64);
            return Workloads.Synthetic(model, input, output);
        }
        catch (Exception e) when (e is WorkloadException or TraceFormatException)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>One request first: a server that is down, refuses the model or does not stream ends the command at once.</summary>
    private static void Probe(LoadGenerator generator, WorkloadItem item, Uri url)
    {
        var probe = generator.ProbeAsync(item, CancellationToken.None).GetAwaiter().GetResult();
        var why = probe.Sample.Error switch
        {
            RequestErrorKind.Connect => $"cannot connect to {url}: {probe.Detail}",
            RequestErrorKind.ClientError => $"{url} refused the first request ({probe.Detail})",
            RequestErrorKind.Stream => $"{url}: the first request did not stream: {probe.Detail}",
            RequestErrorKind.Timeout => $"{url}: the first request timed out",
            _ => null,
        };
        if (why is not null) throw new UsageException(why);
    }

    private static SweepResult RunSweep(LoadGenerator generator, IReadOnlyList<LevelPlan> plans, IReadOnlyList<WorkloadItem> workload, TextWriter stderr, CancellationToken interrupt)
    {
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal) return Sweep.RunAsync(generator, plans, workload, new BenchPlainProgress(stderr), interrupt).GetAwaiter().GetResult();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => Sweep.RunAsync(generator, plans, workload, new BenchSpectreProgress(context), interrupt))
            .GetAwaiter().GetResult();
    }

    private void Write(ParseResult parsed, ModelBenchmark benchmark, SweepResult sweep, TextWriter stderr)
    {
        var yaml = BenchmarkDocument.ToYaml(benchmark);
        var stdout = parsed.InvocationConfiguration.Output;
        foreach (var level in sweep.Levels.Where(l => l.Flagged))
            stderr.WriteLine($"{FrontierCli.Name} bench: warning: concurrency {BenchmarkDocument.Describe(level)}; kept, and listed in the annotation {BenchmarkDocument.ErrorsAnnotation}");
        if (parsed.GetValue(_identity.Out) is not { } file)
        {
            stdout.Write(yaml);
            return;
        }
        File.WriteAllText(file, yaml);
        if (parsed.GetValue(_output) == OutputFormat.Json)
        {
            stdout.WriteLine(Json.Serialize(BenchReport.From(file, sweep)));
            return;
        }
        stdout.WriteLine($"ModelBenchmark {benchmark.Metadata.Name} written to {file}");
        var table = new ReportTable().Number("c").Number("requests").Number("failed").Number("req/s").Number("totalSeconds")
            .Number("TTFT mean").Number("TTFT p99").Number("latency mean").Number("latency p99").Text("note");
        foreach (var (level, run) in sweep.Levels.Where(l => l.Succeeded > 0).Zip(benchmark.Spec.Runs!))
        {
            table.Row(Invariant($"{level.Concurrency}"), Invariant($"{level.Samples.Count}"), Invariant($"{level.Failed}"), Invariant($"{level.RequestsPerSecond:0.00}"),
                Invariant($"{run.TotalSeconds:0.0}"), Invariant($"{run.MeanTtftSeconds:0.000}"), Invariant($"{run.P99TtftSeconds:0.000}"),
                Invariant($"{run.MeanLatencySeconds:0.000}"), Invariant($"{run.P99LatencySeconds:0.000}"),
                level.Flagged ? "errors > 5%" : level.Complete ? string.Empty : "interrupted");
        }
        table.WriteTo(stdout);
    }
}
