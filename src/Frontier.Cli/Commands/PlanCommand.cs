using Frontier.Api;
using Frontier.Planning;
using Frontier.Cli.Reports;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier plan</c>: what the operator would do for a ModelRoute at a given demand.</summary>
internal static class PlanCommand
{
    private static readonly Dictionary<string, string> Aliases = new() { ["-f"] = "--file", ["-o"] = "--output" };
    private static readonly HashSet<string> Options = ["--file", "--route", "--demand", "--budget", "--output"];

    public static void Run(string[] args, TextWriter stdout)
    {
        var line = CommandLine.Parse(args, Aliases, Options);
        var routeArg = line.String("--route") ?? throw new UsageException("--route is required: the name of a ModelRoute in the files (NAME or NAMESPACE/NAME)");
        var demand = line.Number("--demand", v => v >= 0, "must be ≥ 0 (requests per second)")
            ?? throw new UsageException("--demand is required: the requests per second to plan for");
        var budget = line.Number("--budget", v => v > 0, "must be > 0 (USD per hour)");
        var output = line.Choice("--output", OutputFormat.Table);
        var (set, dataset) = FrontierCli.Load(line.All("--file"));

        var slash = routeArg.IndexOf('/', StringComparison.Ordinal);
        var route = slash > 0 ? set.FindRoute(routeArg[(slash + 1)..], routeArg[..slash]) : set.FindRoute(routeArg)
            ?? throw new UsageException($"--route {routeArg}: no ModelRoute of that name in {dataset}; found: {string.Join(", ", set.ModelRoutes.Select(r => $"{ResourceNames.NamespaceOf(r)}/{r.Metadata.Name}").DefaultIfEmpty("none"))}");
        if (route is null) throw new UsageException($"--route {routeArg}: no ModelRoute of that name in {dataset}");

        var plan = RoutePlanner.Plan(route, set, demand, budget);
        var a = plan.Allocation;
        var report = new PlanReport(
            $"{ResourceNames.NamespaceOf(route)}/{route.Metadata.Name}",
            EconomicsMapper.Objective(route.Spec.Objective).ToString(),
            a.Feasible, a.Infeasibility.ToString(), a.Reason, a.HourlyCost, budget ?? route.Spec.Budget?.MaxHourlyCost,
            a.ExpectedQuality, a.DemandRequestsPerSecond, a.ServedRequestsPerSecond, a.CheapestFeasibleHourlyCost, a.Exact, a.SearchNodes,
            a.Candidates.Select(c => new PlanCandidateReport(c.Name, c.Replicas, c.Weight, c.ConcurrencyPerReplica, c.MaxInFlight,
                c.CapacityRequestsPerSecond, c.CostPerRequestUsd, c.Quality, c.HourlyCost, c.Note)).ToList(),
            plan.Frontier.Select(p => new FrontierPointReport(p.Name, p.Concurrency, p.CostUsd, p.CostPerRequestUsd, p.Quality)).ToList());

        if (output == OutputFormat.Json)
        {
            stdout.WriteLine(Json.Serialize(report));
            return;
        }
        stdout.WriteLine(Invariant($"Route {report.Route} ({report.Objective}) for {demand:0.###} req/s, budget {(report.Budget is { } b ? Invariant($"${b:0.##}/h") : "unlimited")}"));
        stdout.WriteLine($"{(report.Feasible ? "Feasible" : $"NOT feasible ({report.Infeasibility})")}: {report.Reason}");
        stdout.WriteLine(Invariant($"Plan: ${report.HourlyCost:0.###}/h, expected quality {report.ExpectedQuality:0.##}, serves {report.ServedRequestsPerSecond:0.###} req/s"));
        if (report.CheapestFeasibleHourlyCost is { } cheapest) stdout.WriteLine(Invariant($"Cheapest plan meeting everything but the budget: ${cheapest:0.###}/h"));
        stdout.WriteLine();
        var table = new TextTable("candidate", "replicas", "weight", "c/replica", "max in flight", "capacity req/s", "$/1k req", "quality", "$/h", "note");
        foreach (var c in report.Candidates)
        {
            table.Row(c.Name, Invariant($"{c.Replicas}"), Invariant($"{c.Weight:0.000}"), Invariant($"{c.ConcurrencyPerReplica}"), Invariant($"{c.MaxInFlight}"),
                Invariant($"{c.CapacityRequestsPerSecond:0.###}"), c.CostPerRequestUsd is { } cpr ? Invariant($"{cpr * 1000:0.0000}") : "-",
                Invariant($"{c.Quality:0.0}"), Invariant($"{c.HourlyCost:0.###}"), c.Note ?? string.Empty);
        }
        table.WriteTo(stdout);
    }
}
