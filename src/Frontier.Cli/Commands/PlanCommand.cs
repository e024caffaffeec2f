using System.CommandLine;
using Frontier.Api;
using Frontier.Planning;
using Frontier.Cli.Reports;
using Frontier.Cli.Tables;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier plan</c>: what the operator would do for a ModelRoute at a given demand.</summary>
internal sealed class PlanCommand : Command
{
    private readonly Option<string[]> _files = CommonOptions.Files();
    private readonly Option<string?> _route = ValueOptions.Text("--route", "[NAMESPACE/]NAME", "the name of a ModelRoute in the files (NAME or NAMESPACE/NAME)");
    private readonly Option<double?> _demand = ValueOptions.Number("--demand", "RPS", "the requests per second to plan for", v => v >= 0, "must be ≥ 0 (requests per second)");
    private readonly Option<double?> _budget = ValueOptions.Number("--budget", "USD_PER_H", "the budget in USD per hour, instead of the route's spec.budget.maxHourlyCost", v => v > 0, "must be > 0 (USD per hour)");
    private readonly Option<OutputFormat?> _output = CommonOptions.Output();

    public PlanCommand() : base("plan", "what the operator would do for a ModelRoute at a given demand: replicas, weights, in-flight caps, $/h and quality")
    {
        _route.Required = true;
        _demand.Required = true;
        Options.Add(_files);
        Options.Add(_route);
        Options.Add(_demand);
        Options.Add(_budget);
        Options.Add(_output);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var routeArg = parsed.GetRequiredValue(_route)!;
        var demand = parsed.GetRequiredValue(_demand)!.Value;
        var budget = parsed.GetValue(_budget);
        var (set, dataset) = ManifestInput.Load(parsed.GetValue(_files) ?? []);

        var route = RouteArgument.Find(set, routeArg, dataset);

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

        var stdout = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_output) == OutputFormat.Json) stdout.WriteLine(Json.Serialize(report));
        else WriteTables(report, demand, stdout);
    }

    private static void WriteTables(PlanReport report, double demand, TextWriter o)
    {
        o.WriteLine(Invariant($"Route {report.Route} ({report.Objective}) for {demand:0.###} req/s, budget {(report.Budget is { } b ? Invariant($"${b:0.##}/h") : "unlimited")}"));
        o.WriteLine($"{(report.Feasible ? "Feasible" : $"NOT feasible ({report.Infeasibility})")}: {report.Reason}");
        o.WriteLine(Invariant($"Plan: ${report.HourlyCost:0.###}/h, expected quality {report.ExpectedQuality:0.##}, serves {report.ServedRequestsPerSecond:0.###} req/s"));
        if (report.CheapestFeasibleHourlyCost is { } cheapest) o.WriteLine(Invariant($"Cheapest plan meeting everything but the budget: ${cheapest:0.###}/h"));
        o.WriteLine();
        var table = new ReportTable().Text("candidate").Number("replicas").Number("weight").Number("c/replica").Number("max in flight")
            .Number("capacity req/s").Number("$/1k req").Number("quality").Number("$/h").Text("note");
        foreach (var c in report.Candidates)
        {
            table.Row(c.Name, Invariant($"{c.Replicas}"), Invariant($"{c.Weight:0.000}"), Invariant($"{c.ConcurrencyPerReplica}"), Invariant($"{c.MaxInFlight}"),
                Invariant($"{c.CapacityRequestsPerSecond:0.###}"), c.CostPerRequestUsd is { } cpr ? Invariant($"{cpr * 1000:0.0000}") : "-",
                Invariant($"{c.Quality:0.0}"), Invariant($"{c.HourlyCost:0.###}"), c.Note ?? string.Empty);
        }
        table.WriteTo(o);
    }
}
