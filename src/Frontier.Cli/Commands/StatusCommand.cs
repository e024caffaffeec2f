using System.CommandLine;
using Frontier.Cli.Plotting;
using Frontier.Cli.Status;
using Frontier.Cli.Tables;
using Frontier.Runtime;
using k8s;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier status</c>: the live view of ModelRoutes in a cluster — demand, plan, readiness, conditions.</summary>
internal sealed class StatusCommand : Command
{
    private readonly Argument<string?> _route = new("ROUTE") { Description = "one ModelRoute's name; all of the namespace's without it", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _kubeconfig = ValueOptions.Text("--kubeconfig", "PATH", "the kubeconfig to use; else $KUBECONFIG or ~/.kube/config, as kubectl");
    private readonly Option<string?> _namespace = ValueOptions.Text("--namespace", "NS", "the namespace; else the kubeconfig context's, else default", alias: "-n");
    private readonly Option<bool> _all = new("--all-namespaces", "-A") { Description = "every namespace" };
    private readonly Option<string?> _plot = ValueOptions.Text("--plot", "PATH.png|.svg", "draw the route's live frontier with its current operating points (one route)");
    private readonly Option<OutputFormat?> _output = CommonOptions.Output();

    public StatusCommand() : base("status", "the live view of ModelRoutes in a cluster: demand, plan (replicas ready/asked and serving, weights, $/h vs budget, quality), conditions")
    {
        // A token like --typo would otherwise be taken for the route's name.
        _route.Validators.Add(r =>
        {
            if (r.Tokens is [{ Value: ['-', ..] value }]) r.AddError($"unknown option '{value}'");
        });
        Arguments.Add(_route);
        Options.Add(_kubeconfig);
        Options.Add(_namespace);
        Options.Add(_all);
        Options.Add(_plot);
        Options.Add(_output);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken ct)
    {
        var name = parsed.GetValue(_route);
        var all = parsed.GetValue(_all);
        if (all && parsed.GetValue(_namespace) is not null) throw new UsageException("--all-namespaces and --namespace exclude each other");
        if (all && name is not null) throw new UsageException("ROUTE names a route in one namespace; leave out --all-namespaces");

        KubernetesClientConfiguration config;
        try
        {
            config = KubeClientConfigurations.Load(parsed.GetValue(_kubeconfig), "--kubeconfig", defaultFileOutsideCluster: true);
        }
        catch (KubeClientConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
        var ns = all ? null : parsed.GetValue(_namespace) ?? config.Namespace ?? "default";
        using var client = new Kubernetes(config) { HttpClient = { Timeout = TimeSpan.FromSeconds(15) } };
        var routes = await new LiveRoutes(client, config.Host).ReadAsync(ns, name, ct).ConfigureAwait(false);

        if (parsed.GetValue(_plot) is { } plot)
        {
            if (routes.Count != 1) throw new UsageException($"--plot: name one route (ROUTE); {routes.Count} shown");
            StatusPlot.Save(routes[0], plot);
        }
        var stdout = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_output) == OutputFormat.Json) stdout.WriteLine(Json.Serialize(routes));
        else if (routes.Count == 0) stdout.WriteLine($"No ModelRoutes in {(ns is null ? "any namespace" : $"namespace {ns}")}.");
        else foreach (var route in routes) Write(route, stdout);
        return 0;
    }

    private static void Write(RouteStatusReport r, TextWriter o)
    {
        o.WriteLine($"ModelRoute {r.Route} (model {r.Model}, {r.Objective ?? "MaxQuality"})");
        o.WriteLine(r.DemandRequestsPerSecond is { } d ? Invariant($"  demand   {d:0.###} req/s ({r.DemandSource})") : "  demand   not measured yet");
        var budget = r.BudgetUsdPerHour is { } b ? Invariant($"${b:0.##}/h") : "no budget";
        o.WriteLine(r.PlanHourlyCostUsd is { } cost
            ? Invariant($"  plan     ${cost:0.###}/h of {budget}, expected quality {r.ExpectedQuality:0.##}, power {r.PowerSource ?? "-"}, planned {r.LastPlanTime:yyyy-MM-dd HH:mm:ss}Z")
            : $"  plan     none yet ({budget})");
        // ready/asked: the Deployment's ready replicas of those it asks for (spec.replicas); serving: the replicas status.plan
        // routes to, which count only ready ones while new replicas warm up.
        var candidates = new ReportTable().Text("candidate").Text("deployment").Text("ready/asked").Number("serving").Number("weight").Number("c/replica")
            .Number("max in flight").Number("$/1k req").Number("quality");
        foreach (var c in r.Candidates)
        {
            var ready = c.Deployment is null ? "-" : c.ReplicasReady is { } n && c.ReplicasAsked is { } asked ? Invariant($"{n}/{asked}") : "?";
            candidates.Row(c.Name, c.Deployment ?? "-", ready, Invariant($"{c.ReplicasPlanned}"), Invariant($"{c.Weight:0.000}"), Invariant($"{c.ConcurrencyPerReplica}"),
                Invariant($"{c.MaxInFlight}"), Invariant($"{c.CostPerRequestUsd * 1000:0.0000}"), c.Quality is { } q ? Invariant($"{q:0.0}") : "-");
        }
        candidates.WriteTo(o);
        foreach (var problem in r.Candidates.Where(c => c.DeploymentProblem is not null).GroupBy(c => c.DeploymentProblem!, StringComparer.Ordinal))
            o.WriteLine($"  ready/asked unknown for {string.Join(", ", problem.Select(c => c.Name))}: {problem.Key}");
        var conditions = new ReportTable().Text("condition").Text("status").Text("reason").Text("message");
        foreach (var c in r.Conditions) conditions.Row(c.Type, c.Status, c.Reason ?? string.Empty, c.Message ?? string.Empty);
        conditions.WriteTo(o);
        o.WriteLine();
    }
}
