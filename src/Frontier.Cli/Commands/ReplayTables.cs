using Frontier.Cli.Tables;
using Frontier.Replay;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier replay</c>'s tables: one row per policy, then per policy and candidate the concurrency against the zone.</summary>
internal static class ReplayTables
{
    public static void Write(ReplayReport r, TextWriter o)
    {
        var t = r.Trace;
        o.WriteLine(Invariant($"Replay of {t.Source}: {t.Requests:N0} requests over {t.DurationSeconds:0} s (source {t.SourceRequests:N0} × rate scale {t.RateScale:0.###}; mean {t.MeanRequestsPerSecond:0.##} req/s, peak interval {t.PeakRequestsPerSecond:0.##} req/s)"));
        o.WriteLine(Invariant($"Route {r.Route} ({r.Objective}), budget {(r.BudgetUsdPerHour is { } b ? Invariant($"${b:0.##}/h") : "unlimited")}, interval {r.IntervalSeconds:0.#} s, startup {r.StartupSeconds:0.#} s, seed {r.Seed}"));
        o.WriteLine();
        var table = new ReportTable().Text("policy").Number("served").Number("429").Number("failed").Number("quality").Number("delivered").Number("cost $")
            .Number("$/1k req").Number("GPU-h").Number("TTFT p50 s").Number("TTFT p99 s").Number("SLO").Number("min over budget");
        foreach (var p in r.Policies)
        {
            table.Row(p.Share is { } s ? Invariant($"{p.Policy}:{s:0.###}") : p.Policy, Invariant($"{p.Served}"), Invariant($"{p.Rejected}"), Invariant($"{p.Failed}"),
                Invariant($"{p.MeanQuality:0.00}"), Invariant($"{p.DeliveredQuality:0.00}"), Invariant($"{p.CostUsd:0.00}"), Invariant($"{p.CostPer1kRequestsUsd:0.000}"), Invariant($"{p.GpuHours:0.0}"),
                Invariant($"{p.TtftP50Seconds:0.000}"), Invariant($"{p.TtftP99Seconds:0.000}"), Invariant($"{p.SloAttainment:P1}"),
                Invariant($"{p.MinutesOverBudget}") + (p.BudgetBreached ? " (ignores budget)" : string.Empty));
        }
        table.WriteTo(o);
        o.WriteLine();
        var zones = new ReportTable().Text("policy").Text("candidate").Number("served").Number("replica-h").Number("mean c/replica").Text("zone").Number("time in zone");
        foreach (var p in r.Policies)
        {
            foreach (var c in p.Candidates.Where(c => c.ReplicaHours > 0))
            {
                zones.Row(p.Policy, c.Name, Invariant($"{c.Served}"), Invariant($"{c.ReplicaHours:0.00}"), Invariant($"{c.MeanConcurrency:0.0}"),
                    c.ZoneMin is { } lo ? Invariant($"{lo}–{c.ZoneMax}") : "-", Invariant($"{c.TimeInZone:P0}"));
            }
        }
        zones.WriteTo(o);
    }
}
