using Frontier.Cli.Plotting;
using Frontier.Cli.Reports;
using Frontier.Economics.Curves;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier analyze</c>: cost per request, zones, principles and the frontier of every benchmark.</summary>
internal static class AnalyzeCommand
{
    private static readonly Dictionary<string, string> Aliases = new() { ["-f"] = "--file", ["-o"] = "--output" };
    private static readonly HashSet<string> Options = ["--file", "--max-ttft", "--max-latency", "--zone-tolerance", "--plot", "--output"];

    public static void Run(string[] args, TextWriter stdout)
    {
        var line = CommandLine.Parse(args, Aliases, Options);
        var serviceLevel = new ServiceLevel(
            line.Number("--max-ttft", v => v > 0, "must be > 0"),
            line.Number("--max-latency", v => v > 0, "must be > 0"));
        var tolerance = line.Number("--zone-tolerance", v => v >= 0 && v < 10, "must be ≥ 0 (0.1 = within 10% of the best cost)") ?? OperatingZone.DefaultTolerance;
        var output = line.Choice("--output", OutputFormat.Table);
        var plot = line.String("--plot");
        var (set, dataset) = FrontierCli.Load(line.All("--file"));
        if (set.ModelBenchmarks.Count == 0) throw new UsageException($"{dataset}: no ModelBenchmark found; analyze needs at least one");

        var report = AnalysisBuilder.Build(set, dataset, serviceLevel, tolerance);
        if (plot is not null)
        {
            try { AnalysisPlot.Save(report, plot); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
        }
        if (output == OutputFormat.Json) stdout.WriteLine(Json.Serialize(report));
        else WriteTables(report, stdout, plot);
    }

    private static void WriteTables(AnalysisReport report, TextWriter o, string? plot)
    {
        o.WriteLine($"Dataset: {report.Dataset}");
        o.WriteLine(Invariant($"Service level: {report.ServiceLevel}; zone = within {report.ZoneTolerance * 100:0.#}% of the best cost per request"));
        o.WriteLine();
        o.WriteLine("GPU profiles (USD per GPU-hour)");
        var profiles = new TextTable("profile", "$/h", "depreciation", "power", "maintenance", "source");
        foreach (var p in report.GpuProfiles)
        {
            profiles.Row(p.Name, Invariant($"{p.HourlyCost:0.0000}"),
                p.Breakdown is { } b ? Invariant($"{b.Depreciation:0.0000}") : "-",
                p.Breakdown is { } b2 ? Invariant($"{b2.Power:0.0000}") : "-",
                p.Breakdown is { } b3 ? Invariant($"{b3.Maintenance:0.0000}") : "-", p.Source);
        }
        profiles.WriteTo(o);
        o.WriteLine();

        o.WriteLine("Models at their best operating point (workload cost = GPUs × $/h × seconds / 3600)");
        var models = new TextTable("benchmark", "model", "quality", "GPUs", "best c", "seconds", "cost $", "$/1k req", "req/s", "zone c", "dim. MC", "dim. RTS", "fit R²");
        foreach (var m in report.Models)
        {
            var best = m.Best is null ? null : m.Points.First(p => p.Concurrency == m.Best.Concurrency);
            models.Row(m.Name, m.Model, Invariant($"{m.Quality:0.0}"), Invariant($"{m.Gpus}"),
                best is null ? "none" : Invariant($"{best.Concurrency}"),
                best is null ? "-" : Invariant($"{best.TotalSeconds:0.0}"),
                best is null ? "-" : Invariant($"{best.CostUsd:0.0000}"),
                best is null ? "-" : Invariant($"{best.CostPerRequestUsd * 1000:0.0000}"),
                best is null ? "-" : Invariant($"{best.RequestsPerSecond:0.00}"),
                m.Zone is { } z ? Invariant($"{z.MinConcurrency}–{z.MaxConcurrency}") : "none",
                m.Principles.DiminishingMarginalCost.Holds ? "yes" : "no",
                m.Principles.DiminishingReturnsToScale.Holds ? "yes" : "no",
                m.Fit is { } f ? Invariant($"{f.RSquared:0.000}") : "-");
        }
        models.WriteTo(o);
        o.WriteLine();

        o.WriteLine("Principles, with the numbers");
        foreach (var m in report.Models)
        {
            o.WriteLine($"  {m.Name}: diminishing marginal cost {(m.Principles.DiminishingMarginalCost.Holds ? "holds" : "does not hold")} — {m.Principles.DiminishingMarginalCost.Evidence}");
            o.WriteLine($"  {new string(' ', m.Name.Length)}  diminishing returns to scale {(m.Principles.DiminishingReturnsToScale.Holds ? "holds" : "does not hold")} — {m.Principles.DiminishingReturnsToScale.Evidence}");
        }
        o.WriteLine();

        o.WriteLine("Cost–quality frontier (no other point is both cheaper and better)");
        var frontier = new TextTable("benchmark", "c", "cost $", "$/1k req", "quality");
        foreach (var p in report.Frontier)
            frontier.Row(p.Name, Invariant($"{p.Concurrency}"), Invariant($"{p.CostUsd:0.0000}"), Invariant($"{p.CostPerRequestUsd * 1000:0.0000}"), Invariant($"{p.Quality:0.0}"));
        frontier.WriteTo(o);
        if (plot is not null) o.WriteLine($"\nPlot written to {plot}");
    }
}
