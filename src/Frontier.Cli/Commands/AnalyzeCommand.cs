using System.CommandLine;
using Frontier.Cli.Plotting;
using Frontier.Cli.Reports;
using Frontier.Cli.Tables;
using Frontier.Economics.Curves;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier analyze</c>: cost per request, zones, principles and the frontier of every benchmark.</summary>
internal sealed class AnalyzeCommand : Command
{
    private readonly Option<string[]> _files = CommonOptions.Files();
    private readonly Option<double?> _maxTtft = ValueOptions.Number("--max-ttft", "S", "latency objective: a point qualifies only if its mean time to first token is at most S seconds", v => v > 0, "must be > 0");
    private readonly Option<double?> _maxLatency = ValueOptions.Number("--max-latency", "S", "latency objective: a point qualifies only if its mean request latency is at most S seconds", v => v > 0, "must be > 0");
    private readonly Option<double?> _zoneTolerance = ValueOptions.Number("--zone-tolerance", "X",
        Invariant($"the optimal zone holds the concurrencies whose cost per request is within X of the best (default {OperatingZone.DefaultTolerance})"),
        v => v >= 0 && v < 10, "must be ≥ 0 (0.1 = within 10% of the best cost)");
    private readonly Option<string?> _plot = ValueOptions.Text("--plot", "PATH.png|.svg", "also draw the frontier and each model's cost curve with its zone into PATH (.png or .svg)");
    private readonly Option<OutputFormat?> _output = CommonOptions.Output();

    public AnalyzeCommand() : base("analyze", "cost per request, optimal zone, the paper's principles and the cost–quality frontier of every ModelBenchmark")
    {
        Options.Add(_files);
        Options.Add(_maxTtft);
        Options.Add(_maxLatency);
        Options.Add(_zoneTolerance);
        Options.Add(_plot);
        Options.Add(_output);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var serviceLevel = new ServiceLevel(parsed.GetValue(_maxTtft), parsed.GetValue(_maxLatency));
        var tolerance = parsed.GetValue(_zoneTolerance) ?? OperatingZone.DefaultTolerance;
        var plot = parsed.GetValue(_plot);
        var (set, dataset) = ManifestInput.Load(parsed.GetValue(_files) ?? []);
        if (set.ModelBenchmarks.Count == 0) throw new UsageException($"{dataset}: no ModelBenchmark found; analyze needs at least one");

        var report = AnalysisBuilder.Build(set, dataset, serviceLevel, tolerance);
        if (plot is not null)
        {
            try { AnalysisPlot.Save(report, plot); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
        }
        var stdout = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_output) == OutputFormat.Json) stdout.WriteLine(Json.Serialize(report));
        else WriteTables(report, stdout, plot);
    }

    private static void WriteTables(AnalysisReport report, TextWriter o, string? plot)
    {
        o.WriteLine($"Dataset: {report.Dataset}");
        o.WriteLine(Invariant($"Service level: {report.ServiceLevel}; zone = within {report.ZoneTolerance * 100:0.#}% of the best cost per request"));
        o.WriteLine();
        o.WriteLine("GPU profiles (USD per GPU-hour)");
        var profiles = new ReportTable().Text("profile").Number("$/h").Number("depreciation").Number("power").Number("maintenance").Text("source");
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
        var models = new ReportTable().Text("benchmark").Text("model").Number("quality").Number("GPUs").Number("best c").Number("seconds")
            .Number("cost $").Number("$/1k req").Number("req/s").Number("zone c").Text("dim. MC").Text("dim. RTS").Number("fit R²");
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
        var frontier = new ReportTable().Text("benchmark").Number("c").Number("cost $").Number("$/1k req").Number("quality");
        foreach (var p in report.Frontier)
            frontier.Row(p.Name, Invariant($"{p.Concurrency}"), Invariant($"{p.CostUsd:0.0000}"), Invariant($"{p.CostPerRequestUsd * 1000:0.0000}"), Invariant($"{p.Quality:0.0}"));
        frontier.WriteTo(o);
        if (plot is not null) o.WriteLine($"\nPlot written to {plot}");
    }
}
