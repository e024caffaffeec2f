using System.Globalization;

namespace Frontier.Simulator;

/// <summary>Command-line settings of one simulator process.</summary>
public sealed class SimulatorOptions
{
    /// <summary>ModelBenchmark YAML file; null for the built-in curve.</summary>
    public string? BenchmarkFile { get; set; }

    /// <summary>metadata.name of the ModelBenchmark in <see cref="BenchmarkFile"/>.</summary>
    public string? BenchmarkName { get; set; }

    /// <summary>Independent replicas; capacity scales with them.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Multiplier on every time (0.01 is 100× faster).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Model name clients must send; default the benchmark's spec.model.</summary>
    public string? ServedModel { get; set; }

    /// <summary>Listen URLs (semicolon-separated).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8000";

    /// <summary>Bearer token for /admin/faults; the endpoint is off without one.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Completion tokens of a request without max_tokens.</summary>
    public int CompletionTokens { get; set; } = 64;

    /// <summary>Requests one replica runs at once before others wait (vLLM's max_num_seqs).</summary>
    public int MaxNumSeqs { get; set; } = 256;

    /// <summary>TTFT as a fraction of latency when the benchmark measured none.</summary>
    public double TtftFraction { get; set; } = 0.1;

    /// <summary>Length of /v1/embeddings vectors.</summary>
    public int EmbeddingDimensions { get; set; } = 16;

    /// <summary>GPU power draw when idle (W).</summary>
    public double IdleWatts { get; set; } = 60;

    /// <summary>GPU power draw at full utilisation (W).</summary>
    public double MaxWatts { get; set; } = 400;

    /// <summary>Total frame buffer of one GPU (MiB), for DCGM_FI_DEV_FB_USED.</summary>
    public double GpuMemoryMiB { get; set; } = 81920;

    /// <summary>Model load time: /health answers 503 for this long after start, so a pod's cold start is real.</summary>
    public double StartupSeconds { get; set; }

    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: frontier-simulator [--benchmark FILE.yaml --name BENCHMARK] [--served-model NAME] [--replicas N]\n" +
        "                          [--time-scale X] [--urls URLS] [--admin-token T] [--completion-tokens N]\n" +
        "                          [--max-num-seqs N] [--ttft-fraction F] [--embedding-dim N] [--idle-watts W] [--max-watts W]\n" +
        "                          [--startup-seconds S]";

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a message on bad input.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Count) throw new ArgumentException($"{arg}: missing value");
                return args[++i];
            }
            switch (arg)
            {
                case "--benchmark": o.BenchmarkFile = Value(); break;
                case "--name": o.BenchmarkName = Value(); break;
                case "--served-model": o.ServedModel = Value(); break;
                case "--urls": o.Urls = Value(); break;
                case "--admin-token": o.AdminToken = Value(); break;
                case "--replicas": o.Replicas = Int(arg, Value(), 1); break;
                case "--completion-tokens": o.CompletionTokens = Int(arg, Value(), 1); break;
                case "--max-num-seqs": o.MaxNumSeqs = Int(arg, Value(), 1); break;
                case "--embedding-dim": o.EmbeddingDimensions = Int(arg, Value(), 1); break;
                case "--time-scale": o.TimeScale = Positive(arg, Value()); break;
                case "--ttft-fraction": o.TtftFraction = Positive(arg, Value()); break;
                case "--idle-watts": o.IdleWatts = Positive(arg, Value()); break;
                case "--max-watts": o.MaxWatts = Positive(arg, Value()); break;
                case "--startup-seconds": o.StartupSeconds = NonNegative(arg, Value()); break;
                default: throw new ArgumentException($"unknown argument: {args[i]}");
            }
        }
        if ((o.BenchmarkFile is null) != (o.BenchmarkName is null))
            throw new ArgumentException("--benchmark and --name go together");
        if (o.TtftFraction >= 1) throw new ArgumentException("--ttft-fraction: must be < 1");
        if (o.MaxWatts < o.IdleWatts) throw new ArgumentException("--max-watts: must be >= --idle-watts");
        if (string.IsNullOrWhiteSpace(o.AdminToken)) o.AdminToken = null;
        return o;
    }

    private static int Int(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? v
            : throw new ArgumentException($"{name}: expected an integer >= {min}, got '{text}'");

    private static double NonNegative(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"{name}: expected a number >= 0, got '{text}'");

    private static double Positive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"{name}: expected a number > 0, got '{text}'");
}
