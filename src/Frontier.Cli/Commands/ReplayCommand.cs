using System.CommandLine;
using System.Text.RegularExpressions;
using Frontier.Api.Routes;
using Frontier.Api.Schema;
using Frontier.Cli.Plotting;
using Frontier.Economics.Allocation;
using Frontier.Replay;
using Frontier.Traces;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier replay</c>: a production trace through the whole loop, in virtual time, under each policy.</summary>
internal sealed class ReplayCommand : Command
{
    private readonly Option<string[]> _files = CommonOptions.Files();
    private readonly Option<string?> _route = ValueOptions.Text("--route", "[NAMESPACE/]NAME", "the name of a ModelRoute in the files (NAME or NAMESPACE/NAME)");
    private readonly Option<string?> _trace = ValueOptions.Text("--trace", "CSV", "an Azure-format trace (TIMESTAMP, ContextTokens, GeneratedTokens); default: the shipped hour of the Azure LLM inference trace 2023");
    private readonly Option<string?> _pattern = ValueOptions.Text("--pattern", "step|diurnal|spike[:BASE,PEAK,SECONDS]", "synthetic Poisson arrivals of that shape instead of a trace (default 1,5,3600)");
    private readonly Option<double?> _targetRps = ValueOptions.Number("--target-rps", "R", "scale the trace's mean rate to R requests per second", v => v > 0, "must be > 0 (requests per second)");
    private readonly Option<double?> _rateScale = ValueOptions.Number("--rate-scale", "X", "multiply the trace's rate by X (default: its peak interval scaled to the most the route serves within budget)", v => v > 0, "must be > 0");
    private readonly Option<string?> _policy = ValueOptions.Text("--policy", "POLICY", "frontier, always-best, cheapest, static-split[:SHARE], peak-static, oracle or all (the default)");
    private readonly Option<double?> _startup = ValueOptions.Number("--startup", "SECONDS", "seconds a new replica takes to become ready (default 60)", v => v >= 0, "must be ≥ 0 (seconds)");
    private readonly Option<double?> _interval = ValueOptions.Number("--interval", "SECONDS", "the control loop's period (default: the route's spec.interval, else 30)", v => v > 0, "must be > 0 (seconds)");
    private readonly Option<int?> _seed = ValueOptions.WholeNumber("--seed", "N", "seeds rate scaling, patterns and the gateway's weighted draw (default 1)", _ => true, "");
    private readonly Option<double?> _budget = ValueOptions.Number("--budget", "USD_PER_H", "the budget in USD per hour, instead of the route's spec.budget.maxHourlyCost", v => v > 0, "must be > 0 (USD per hour)");
    private readonly Option<Objective?> _objective = ValueOptions.Choice<Objective>("--objective", null, "the objective, instead of the route's spec.objective");
    private readonly Option<double?> _qualityFloor = ValueOptions.Number("--quality-floor", "Q", "the quality floor, instead of the route's spec.qualityFloor (MinCost keeps expected quality at or above it)");
    private readonly Option<double?> _headroom = ValueOptions.Number("--headroom", "FRACTION", "spec.scaling.headroom for this replay (0.1 = 10% spare capacity)", v => v is >= 0 and <= 10, "must be between 0 and 10");
    private readonly Option<string?> _stabilization = ValueOptions.Text("--scale-down-stabilization", "DURATION", "spec.scaling.scaleDownStabilization for this replay, e.g. 0s or 5m");
    private readonly Option<double?> _scalingStartup = ValueOptions.Number("--scaling-startup", "SECONDS", "spec.scaling.startupSeconds for this replay: how far ahead a rising demand is planned for", v => v >= 0, "must be ≥ 0 (seconds)");
    private readonly Option<OutputFormat?> _output = CommonOptions.Output();
    private readonly Option<string?> _plot = ValueOptions.Text("--plot", "PATH.png|.svg", "also draw demand, capacity and replicas over time and the policies on the cost–quality plane into PATH");

    public ReplayCommand() : base("replay", "replay a request trace through the whole loop in virtual time: frontier against baselines and an oracle")
    {
        _route.Required = true;
        foreach (var option in new Option[] { _files, _route, _trace, _pattern, _targetRps, _rateScale, _policy, _startup, _interval, _seed, _budget, _objective, _qualityFloor,
            _headroom, _stabilization, _scalingStartup, _output, _plot })
            Options.Add(option);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var policies = Policies(parsed.GetValue(_policy) ?? "all");
        var seed = parsed.GetValue(_seed) ?? 1;
        var source = Source(parsed.GetValue(_trace), parsed.GetValue(_pattern), seed);
        var (targetRps, rateScale) = (parsed.GetValue(_targetRps), parsed.GetValue(_rateScale));
        if (targetRps is not null && rateScale is not null) throw new UsageException("--target-rps and --rate-scale: give one or the other");
        var plot = parsed.GetValue(_plot);
        if (plot is not null) AnalysisPlot.CheckExtension(plot);
        var (set, dataset) = ManifestInput.Load(parsed.GetValue(_files) ?? []);
        var route = RouteArgument.Find(set, parsed.GetRequiredValue(_route)!, dataset);
        var settings = new ReplaySettings(parsed.GetValue(_interval), parsed.GetValue(_startup) ?? 60, seed, targetRps, rateScale,
            BudgetOverride: parsed.GetValue(_budget), ObjectiveOverride: parsed.GetValue(_objective), QualityFloorOverride: parsed.GetValue(_qualityFloor),
            Scaling: Scaling(parsed.GetValue(_headroom), parsed.GetValue(_stabilization), parsed.GetValue(_scalingStartup)));

        ReplayReport report;
        try
        {
            report = TraceReplay.Run(route, set, source, settings, policies);
        }
        catch (TraceFormatException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ReplayInputException e)
        {
            throw new UsageException(e.Message);
        }

        var stdout = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_output) == OutputFormat.Json) stdout.WriteLine(Json.Serialize(report));
        else ReplayTables.Write(report, stdout);
        if (plot is not null)
        {
            ReplayPlot.Save(report, plot);
            if (parsed.GetValue(_output) != OutputFormat.Json) stdout.WriteLine($"\nPlot written to {plot}");
        }
    }

    private static ScalingSpec? Scaling(double? headroom, string? stabilization, double? startup)
    {
        if (stabilization is not null && !Regex.IsMatch(stabilization, SchemaPatterns.Duration))
            throw new UsageException($"--scale-down-stabilization: expected a duration like 0s, 30s or 5m, got '{stabilization}'");
        return headroom is null && stabilization is null && startup is null
            ? null
            : new ScalingSpec { Headroom = headroom, ScaleDownStabilization = stabilization, StartupSeconds = startup };
    }

    private static IReadOnlyList<ReplayPolicy> Policies(string text) =>
        ReplayPolicy.TryParse(text, out var policies, out var problem) ? policies : throw new UsageException($"--policy: {problem}");

    private static ArrivalSource Source(string? trace, string? pattern, int seed)
    {
        if (trace is not null && pattern is not null) throw new UsageException("--trace and --pattern: give one or the other");
        if (pattern is not null)
        {
            return SyntheticPattern.TryParse(pattern, out var parsed, out var problem)
                ? ArrivalSource.Pattern(parsed!, seed)
                : throw new UsageException($"--pattern: {problem}");
        }
        return trace is null ? ArrivalSource.Sample() : ArrivalSource.File(trace);
    }
}
