using System.Diagnostics;
using System.Globalization;
using Frontier.Api.Routes;
using Frontier.Gateway;
using Frontier.Runtime;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.EndToEnd.Tests;

/// <summary>
/// The closed loop on real parts: client load through the gateway → the gateway's request counter → Prometheus →
/// the operator's demand → the plan (status.plan) and the Deployments' scale → the gateway's routing table → the
/// split of the load across the simulators.
/// </summary>
/// <remarks>
/// <para>The route is the sample's (config/samples/paper-a800.yaml: MaxQuality, budget $12/h, TTFT ≤ 2 s) with its three
/// candidates pointed at simulators by backend.url. Every candidate runs at concurrency 64 (the cheapest point meeting
/// the TTFT bound), where a replica serves 2993 requests in totalSeconds(64): qwen72b 1.979 req/s (quality 79.8),
/// wingpt 3.862 (76.2), qwen14b 6.575 (71.3); each replica (2 × A800 at $0.7895) costs $1.579/h.</para>
/// <para>spec.scaling is off (no headroom, stabilization or lookahead): the route plans for the demand it reads, so the
/// expected plans below follow from the offered load alone.</para>
/// <para>The offered loads are picked where the plan does not depend on the exact demand, so the test can name it:
/// at 5 req/s (±15%: 4.25–5.75, inside (2×1.979, 3×1.979]) three qwen72b replicas carry everything and wingpt keeps its
/// one paid-for replica (min 1) at weight 0; at 80 req/s (±15%: 68–92) the $12/h budget binds (it is spent by
/// 43.3 req/s): seven replicas, one wingpt and six qwen14b, weighted by capacity (3.862/43.313 = 0.089); raising the
/// budget to $16/h at the same load buys three more wingpt replicas (binding from 54.9 req/s): weight 15.448/54.899 = 0.281.</para>
/// <para>80 req/s is also more than every candidate at replicas.max could serve (70.5 req/s), so BudgetSatisfiable=False
/// may name either reason. No request may fail, 429 included: the gateway's caps are in-flight limits (replicas × 64 per
/// candidate with weight), and with simulators 100× faster than the benchmark (--time-scale 0.01) Little's law puts the
/// in-flight count near 80 req/s × 20 ms ≈ 2 (5 req/s × 60 ms at low load), far below the smallest cap of a candidate
/// with weight (64). The budget-bound plans serve less than is offered, but the gateway sheds load only through those
/// caps, so they do not call for a 429 here.</para>
/// <para>The split is measured by the simulators' own counters (vllm:request_success_total) over 15 s windows and compared
/// with the weights of the gateway's table when each request was sent (±4.5 σ of the weighted draw, plus the requests
/// that were in flight while a counter was read); after the load, the client's, the simulators' and the gateway's
/// per-candidate counts must agree exactly.</para>
/// </remarks>
[Collection(TestCollections.Kube)]
public sealed class ClosedLoopTests(LocalApiServerCluster cluster, ITestOutputHelper output)
{
    private const double LowRate = 5;
    private const double HighRate = 80;
    private const double DemandTolerance = 0.15;
    private const double SettledTolerance = 0.06;
    private const double TimeScale = 0.01;
    private const int Seed = 20261126;
    private const double ReplicaHourly = 2 * 0.7895;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan SplitWindow = TimeSpan.FromSeconds(15);

    // Requests per second of one replica at concurrency 64: 2993 requests / totalSeconds(64) of the sample benchmarks.
    private static readonly double Qwen72b = 2993 / 1512.4;
    private static readonly double Wingpt = 2993 / 775.0;
    private static readonly double Qwen14b = 2993 / 455.2;

    private const string RouteSpec = """
          model: chat
          objective: MaxQuality
          budget: {maxHourlyCost: 12}
          slo: {maxTtftSeconds: 2}
          interval: 5s
          demand: {floorRequestsPerSecond: 1}
          metrics: {rateWindow: 10s}
          scaling: {headroom: 0, scaleDownStabilization: 0s, startupSeconds: 0}
          candidates:
            - {name: qwen72b, benchmark: qwen2-5-72b, servedModel: Qwen2.5-72B-Instruct, backend: {url: "BACKEND_qwen72b"}, deployment: qwen72b, replicas: {min: 0, max: 4}}
            - {name: wingpt, benchmark: wingpt-3-5, servedModel: WiNGPT-3.5, backend: {url: "BACKEND_wingpt"}, deployment: wingpt, replicas: {min: 1, max: 6}}
            - {name: qwen14b, benchmark: qwen2-5-14b, servedModel: Qwen2.5-14B-Instruct, backend: {url: "BACKEND_qwen14b"}, deployment: qwen14b, replicas: {min: 0, max: 6}}
        """;

    private static readonly ExpectedPlan AtFloor = new("1 req/s (the floor): one qwen72b replica carries it; wingpt keeps its minimum at weight 0",
        true, 2 * ReplicaHourly, [new("qwen72b", 1, 1), new("wingpt", 1, 0), new("qwen14b", 0, 0)]);

    private static readonly ExpectedPlan Low = new("5 req/s: three qwen72b replicas (3 × 1.979 ≥ 5.75) carry everything",
        true, 4 * ReplicaHourly, [new("qwen72b", 3, 1), new("wingpt", 1, 0), new("qwen14b", 0, 0)]);

    private static readonly ExpectedPlan HighOnTwelve = new("80 req/s on $12/h: budget-bound, 1 wingpt + 6 qwen14b weighted by capacity",
        false, 7 * ReplicaHourly,
        [new("qwen72b", 0, 0), new("wingpt", 1, Wingpt / (Wingpt + 6 * Qwen14b)), new("qwen14b", 6, 6 * Qwen14b / (Wingpt + 6 * Qwen14b))]);

    private static readonly ExpectedPlan HighOnSixteen = new("80 req/s on $16/h: budget-bound, 4 wingpt + 6 qwen14b weighted by capacity",
        false, 10 * ReplicaHourly,
        [new("qwen72b", 0, 0), new("wingpt", 4, 4 * Wingpt / (4 * Wingpt + 6 * Qwen14b)), new("qwen14b", 6, 6 * Qwen14b / (4 * Wingpt + 6 * Qwen14b))]);

    [Fact(Timeout = 330_000)]
    public async Task Offered_load_through_the_gateway_drives_demand_plan_scale_and_split_with_no_failed_request()
    {
        // The test's own premises: the demand bands sit where the plans named above hold.
        Assert.True(2 * Qwen72b < LowRate * (1 - DemandTolerance) && 3 * Qwen72b >= LowRate * (1 + DemandTolerance), "the low band must need exactly 3 qwen72b replicas");
        Assert.True(Wingpt + 6 * Qwen14b < HighRate * (1 - DemandTolerance), "the high band must exceed what $12/h can serve");
        Assert.True(4 * Wingpt + 6 * Qwen14b < HighRate * (1 - DemandTolerance), "the high band must exceed what $16/h can serve");
        // This process hosts the gateway, the load generator and the test's KubernetesClient reads: more threads up front
        // keep the gateway's latency the gateway's.
        using var floor = ThreadPoolFloor.Raise(32);
        await RunLoopAsync();
    }

    private async Task RunLoopAsync()
    {
        var total = Stopwatch.StartNew();
        await using var world = await ClosedLoopWorld.StartAsync(cluster, RouteSpec, TimeScale, Seed);
        output.WriteLine($"[{total.Elapsed.TotalSeconds:0.0}s] started: namespace {world.Namespace}, gateway {world.GatewayUrl}, Prometheus {world.PrometheusUrl}, " +
                         $"operator pid {world.Operator.ProcessId}, simulators {string.Join(", ", world.Simulators.Select(s => $"{s.Key}={s.Value.Url}"))}");
        LoadGenerator<RouteEntry>? load = null;
        await using var trace = new DemandTrace(world.RouteAsync, () => total.Elapsed.TotalSeconds);
        var reports = new List<string>();
        try
        {
            // 0. Before any traffic: Prometheus answers, no demand series yet → the plan covers the floor (1 req/s).
            var initial = await Poll.UntilAsync(async () => await world.RouteAsync(),
                r => r?.Status?.Plan is not null && Conditions.IsTrue(r.Status.Conditions, "Ready"),
                Convergence, "a first plan (for the demand floor)", () => world.Operator.LogTail(40), ClosedLoopWorld.Describe);
            Assert.True(initial.Status!.Demand is { Source: "configured floor", RequestsPerSecond: 1 },
                $"with no traffic the demand should be the configured floor of 1 req/s: {ClosedLoopWorld.Describe(initial)}");
            Assert.True(Conditions.IsTrue(initial.Status.Conditions, "MetricsAvailable"),
                $"Prometheus is up, so MetricsAvailable should be True: {ClosedLoopWorld.Describe(initial)}");
            AssertPlan(AtFloor, initial);
            await AssertAppliedAsync(world, initial.Status.Plan!, "floor");
            var before = await world.SimulatorCountsAsync();
            Assert.All(before, kv => Assert.Equal(0, kv.Value));

            // 1. Low load.
            load = new LoadGenerator<RouteEntry>([world.GatewayUrl], ClosedLoopWorld.Alias, LowRate, world.GatewayEntry);
            var low = await PhaseAsync(world, load, trace, "low load", LowRate, Low, initial.Metadata.Generation ?? 1, reports, total);

            // 2. Sixteen times the load.
            load.SetRate(HighRate);
            var high = await PhaseAsync(world, load, trace, "high load", HighRate, HighOnTwelve, low.Metadata.Generation ?? 1, reports, total);
            Assert.True(high.Status!.Plan!.Candidates.Sum(c => c.Replicas) > low.Status!.Plan!.Candidates.Sum(c => c.Replicas),
                "more load should buy more replicas");
            // 80 req/s is more than $12/h buys (43.3) and more than every candidate at replicas.max serves (70.5): the
            // operator names one of the two (which one depends on whether its reading is above 70.5).
            var budget = Conditions.Find(high.Status.Conditions, "BudgetSatisfiable");
            Assert.True(budget is { Status: "False", Reason: "BudgetTooSmallForDemand" or "DemandExceedsCapacity" },
                $"80 req/s cannot be served for $12/h, BudgetSatisfiable should say so: {budget?.Status} {budget?.Reason} {budget?.Message}");
            output.WriteLine($"high load: BudgetSatisfiable={budget!.Status} {budget.Reason}: {budget.Message}");

            // 3. Same load, bigger budget.
            await world.PatchRouteAsync("""{"spec":{"budget":{"maxHourlyCost":16}}}""");
            var generation = (await world.RouteAsync()).Metadata.Generation ?? 0;
            Assert.True(generation > (high.Metadata.Generation ?? 0), "the budget patch should bump the route's generation");
            var richer = await PhaseAsync(world, load, trace, "high load, budget $16/h", HighRate, HighOnSixteen, generation, reports, total);
            Assert.True(richer.Status!.Plan!.ExpectedQuality > high.Status.Plan.ExpectedQuality,
                $"a bigger budget should buy quality: {richer.Status.Plan.ExpectedQuality} vs {high.Status.Plan.ExpectedQuality}");

            // 4. Every request answered 200, and the three ledgers agree exactly.
            await load.StopAsync();
            var records = load.Records;
            var failed = records.Where(r => r.Failed).ToList();
            Assert.True(failed.Count == 0,
                $"{failed.Count} of {records.Count} requests failed; first ones:\n" + string.Join('\n', failed.Take(10).Select(r =>
                    FormattableString.Invariant($"  sent {r.Sent:0.000}s → {r.Status} {r.Error}"))));
            Assert.Equal(0, load.Shed);
            var after = await world.SimulatorCountsAsync();
            var gatewayMetrics = await world.GatewayMetricsAsync();
            var byModel = ClosedLoopWorld.Candidates.ToDictionary(c => c.ServedModel, c => c.Name, StringComparer.Ordinal);
            var unknown = records.Where(r => r.ServedModel is null || !byModel.ContainsKey(r.ServedModel)).Select(r => r.ServedModel).Distinct().ToList();
            Assert.True(unknown.Count == 0, $"responses named models no candidate serves: {string.Join(", ", unknown)}");
            var ledger = new List<string>();
            foreach (var c in ClosedLoopWorld.Candidates)
            {
                var client = records.Count(r => r.ServedModel == c.ServedModel);
                var simulator = after[c.Name] - before[c.Name];
                var gateway = PrometheusText.Sum(gatewayMetrics, "frontier_gateway_requests_total",
                    new Dictionary<string, string> { ["route"] = world.RouteKey, ["candidate"] = c.Name, ["code"] = "200" });
                ledger.Add($"{c.Name}: client {client}, simulator {simulator}, gateway {gateway}");
                Assert.True(client == simulator && simulator == gateway,
                    $"{c.Name}: the client saw {client} answers from it, its simulator finished {simulator}, the gateway counted {gateway}");
            }
            var otherCodes = PrometheusText.Samples(gatewayMetrics, "frontier_gateway_requests_total", new Dictionary<string, string> { ["route"] = world.RouteKey })
                .Where(s => s.Labels.GetValueOrDefault("code") != "200" && s.Value > 0).ToList();
            Assert.True(otherCodes.Count == 0, "the gateway answered something else than 200: " +
                string.Join(", ", otherCodes.Select(s => $"{s.Labels["candidate"]}/{s.Labels["code"]}={s.Value}")));

            var operatorMetrics = await world.Operator.MetricsAsync();

            // 5. Every panel of the chart's Grafana dashboard shows data for this loop (a typo in a metric fails here).
            var (dashboardProblems, dashboardLines) = await DashboardCheck.RunAsync(world, gatewayMetrics + "\n" + operatorMetrics);
            output.WriteLine("dashboard queries against Prometheus:\n" + string.Join('\n', dashboardLines));
            Assert.True(dashboardProblems.Count == 0, "dashboard panels without data:\n" + string.Join('\n', dashboardProblems));

            // 6. `frontier status` shows the live plan the loop converged to, and draws the live frontier (FRONTIER_LOOP_PLOT keeps it).
            var plotPath = Environment.GetEnvironmentVariable("FRONTIER_LOOP_PLOT") ?? Path.Combine(Path.GetTempPath(), $"frontier-loop-{world.Namespace}.png");
            var status = await world.StatusAsync(plotPath);
            output.WriteLine(status.StdOut);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains($"ModelRoute {world.RouteKey} (model chat, MaxQuality)", status.StdOut, StringComparison.Ordinal);
            Assert.Matches(@"plan     \$[0-9.]+/h of \$16/h, expected quality", status.StdOut); // the plan may move once the load stops
            Assert.All(ClosedLoopWorld.Candidates, c => Assert.Matches($@"\n\s*{c.Name}\s+{c.Name}\s+\d+/\d+", status.StdOut));
            Assert.True(new FileInfo(plotPath).Length > 10_000, $"frontier status --plot drew nothing at {plotPath}");
            var reconciles = string.Join(", ", PrometheusText.Samples(operatorMetrics, "frontier_operator_reconciles_total")
                .Select(m => FormattableString.Invariant($"{m.Labels["kind"]}/{m.Labels["result"]}={m.Value}")));
            // Periodic passes every spec.interval plus one per spec change or plan event; a reconciler that queued itself
            // through its own status writes (fixed in Controller: SkipUnchangedGeneration) made well over 1,000 here.
            var routePasses = PrometheusText.Sum(operatorMetrics, "frontier_operator_reconciles_total", new Dictionary<string, string> { ["kind"] = "modelroute" });
            var passBound = 2 * total.Elapsed.TotalSeconds / 5 + 10;
            Assert.True(routePasses <= passBound, FormattableString.Invariant(
                $"{routePasses} ModelRoute reconciles in {total.Elapsed.TotalSeconds:0}s with spec.interval 5s (bound {passBound:0}): the operator requeues itself"));
            var range = $"[{Math.Ceiling(total.Elapsed.TotalSeconds)}s]";
            var scrapes = await world.PrometheusScalarAsync($"count_over_time(up{{job=\"gateway\"}}{range})");
            var scrapesUp = await world.PrometheusScalarAsync($"sum_over_time(up{{job=\"gateway\"}}{range})");
            var slowest = await world.PrometheusScalarAsync($"max_over_time(scrape_duration_seconds{{job=\"gateway\"}}{range})");
            output.WriteLine(string.Join('\n', reports));
            output.WriteLine(FormattableString.Invariant($"Prometheus: {scrapesUp}/{scrapes} scrapes of the gateway succeeded, the slowest took {slowest * 1000:0} ms"));
            output.WriteLine($"requests: {records.Count}, all 200; per candidate {string.Join("; ", ledger)}");
            output.WriteLine(FormattableString.Invariant(
                $"operator reconciles (spec.interval 5s, one route): {reconciles} in {total.Elapsed.TotalSeconds:0}s; total {total.Elapsed.TotalSeconds:0.0}s"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            output.WriteLine(string.Join('\n', reports));
            output.WriteLine($"FAILED at {total.Elapsed.TotalSeconds:0.0}s: {e.Message}");
            output.WriteLine($"----- status.demand and plan as they changed (test clock):\n{trace.Changes()}");
            output.WriteLine(await world.DiagnosticsAsync());
            throw;
        }
        finally
        {
            if (load is not null) await load.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits for the operator to see the offered load (status.demand from the gateway's series within ±15%, for a spec at
    /// least as new as <paramref name="generation"/>), checks the plan it wrote, the Deployments' scale and the gateway's
    /// table, then measures a window of load and compares each simulator's share with the weights in effect.
    /// </summary>
    private async Task<Api.Routes.ModelRoute> PhaseAsync(ClosedLoopWorld world, LoadGenerator<RouteEntry> load, DemandTrace trace, string name, double offered,
        ExpectedPlan expected, long generation, List<string> reports, Stopwatch total)
    {
        var started = total.Elapsed;
        var route = await Poll.UntilAsync(async () => await world.RouteAsync(),
            r => r?.Status is { Demand: { Source: "gateway" } d, Plan: not null } s
                 && s.ObservedGeneration >= generation
                 && Math.Abs(d.RequestsPerSecond - offered) <= DemandTolerance * offered
                 && Conditions.IsTrue(s.Conditions, "Ready"),
            Convergence, $"{name}: status.demand from the gateway within ±{DemandTolerance:P0} of the offered {offered} req/s",
            () => world.Operator.LogTail(40), ClosedLoopWorld.Describe);
        var converged = total.Elapsed - started;
        AssertPlan(expected, route);
        var plan = route.Status!.Plan!;
        await AssertAppliedAsync(world, plan, name);

        // The split, over a window in which the plan holds: each simulator's own counter against the weights drawn by.
        var windowStart = total.Elapsed.TotalSeconds;
        var (from, countsFrom, fromEnd) = await ReadCountsAsync(world, load);
        await Task.Delay(SplitWindow);
        var (to, countsTo, toEnd) = await ReadCountsAsync(world, load);
        var windowEnd = total.Elapsed.TotalSeconds;
        var records = load.Records;
        var window = records.Where(r => r.Sent >= from && r.Sent < to).ToList();
        var achieved = window.Count / (to - from);
        var otherTables = window.Count(r => !Matches(r.Context, plan));
        Assert.True(otherTables == 0,
            $"{name}: {otherTables} of {window.Count} requests in the window were routed by a table other than the plan checked above " +
            $"({ClosedLoopWorld.Describe(window.FirstOrDefault(r => !Matches(r.Context, plan))?.Context)}); the plan moved: {ClosedLoopWorld.Describe(await world.RouteAsync())}");
        // Requests in flight while a counter was read may be on either side of that edge; once they end, the
        // response says which candidate had them, so each candidate's slack counts only its own.
        var edges = records.Where(r => r.InFlightDuring(from, fromEnd) || r.InFlightDuring(to, toEnd)).ToList();
        await Poll.UntilAsync(() => Task.FromResult(edges.All(r => !double.IsNaN(r.Completed))), done => done, TimeSpan.FromSeconds(35),
            $"{name}: the {edges.Count} requests in flight at the window's edges to end");
        var slack = ClosedLoopWorld.Candidates.ToDictionary(c => c.Name,
            c => edges.Count(r => r.ServedModel is null || r.ServedModel == c.ServedModel), StringComparer.Ordinal);
        var observed = ClosedLoopWorld.Candidates.ToDictionary(c => c.Name, c => countsTo[c.Name] - countsFrom[c.Name], StringComparer.Ordinal);
        var split = SplitCheck.Compare(records, from, to, observed, slack);
        var after = await world.RouteAsync();
        // While the load holds steady, the operator's figure is the load's, closely: the median of its readings in the window
        // (the first seconds of a window can still see the end of the ramp, and a stalled second dents a 10 s rate).
        var readings = trace.Between(windowStart, windowEnd).Where(r => r.Source == "gateway" && r.Demand is not null).Select(r => r.Demand!.Value).Order().ToList();
        var median = readings.Count == 0 ? double.NaN : readings[readings.Count / 2];
        var latencies = window.Where(r => !double.IsNaN(r.Completed)).Select(r => r.Completed - r.Sent).Order().ToList();
        var gap = window.Zip(window.Skip(1), (a, b) => b.Sent - a.Sent).DefaultIfEmpty(0).Max();

        var report = FormattableString.Invariant(
            $"""
            == {name}: offered {offered} req/s (achieved {achieved:0.00} in the window); operator demand {route.Status.Demand!.RequestsPerSecond:0.###} req/s ({Percent(route.Status.Demand.RequestsPerSecond / offered - 1)}) when first within ±{DemandTolerance:P0}, {converged.TotalSeconds:0.0}s after the change
               plan: {ClosedLoopWorld.Describe(route)}
               deployments: {string.Join(", ", (await world.DeploymentReplicasAsync()).Select(kv => $"{kv.Key}={kv.Value}"))}; gateway: {ClosedLoopWorld.Describe(world.GatewayEntry())}
               split over {to - from:0.0}s, {window.Count} requests: {string.Join("; ", split)}
               operator demand during the window: median {median:0.###} req/s ({Percent(median / achieved - 1)} of achieved), {trace.Range(windowStart, windowEnd)}; after it: {after.Status?.Demand?.RequestsPerSecond:0.###} req/s
               client: latency p50 {Percentile(latencies, 0.5) * 1000:0} ms, p99 {Percentile(latencies, 0.99) * 1000:0} ms, max {Percentile(latencies, 1) * 1000:0} ms; longest pause between sends {gap * 1000:0} ms; {load.Shed} shed so far
            """);
        reports.Add(report);
        output.WriteLine(report);
        Assert.True(split.All(s => s.Holds), $"{name}: the split does not follow the plan's weights:\n{string.Join('\n', split)}");
        Assert.True(window.Count >= 0.9 * offered * (to - from), $"{name}: only {window.Count} requests were sent in {to - from:0.0}s at {offered} req/s");
        Assert.True(readings.Count >= 5, $"{name}: only {readings.Count} gateway-sourced demand readings in the window");
        Assert.True(Math.Abs(median - achieved) <= SettledTolerance * achieved,
            $"{name}: in the window the operator's demand had median {median:0.###} req/s ({trace.Range(windowStart, windowEnd)}), not within ±{SettledTolerance:P0} of the {achieved:0.##} req/s sent");
        return route;
    }

    private static string Percent(double fraction) =>
        Math.Round(fraction * 100, 1) is var p && p == 0 ? "±0.0%" : p.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%";

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];

    private static async Task<(double Start, IReadOnlyDictionary<string, double> Counts, double End)> ReadCountsAsync(ClosedLoopWorld world, LoadGenerator<RouteEntry> load)
    {
        var start = load.Now;
        var counts = await world.SimulatorCountsAsync();
        return (start, counts, load.Now);
    }

    private static void AssertPlan(ExpectedPlan expected, Api.Routes.ModelRoute route)
    {
        var plan = route.Status?.Plan;
        var shown = $"expected {expected.Why}; got {ClosedLoopWorld.Describe(route)}";
        Assert.True(plan is not null, shown);
        foreach (var e in expected.Candidates)
        {
            var c = plan.Candidates.SingleOrDefault(p => p.Name == e.Name);
            Assert.True(c is not null, $"{e.Name} missing from the plan; {shown}");
            Assert.True(c.Replicas == e.Replicas, $"{e.Name}: {c.Replicas} replicas, expected {e.Replicas}; {shown}");
            Assert.True(Math.Abs(c.Weight - e.Weight) <= 0.005, $"{e.Name}: weight {c.Weight:0.####}, expected {e.Weight:0.####}; {shown}");
            Assert.True(c.MaxInFlight == c.Replicas * c.ConcurrencyPerReplica, $"{e.Name}: maxInFlight {c.MaxInFlight} ≠ replicas × concurrency; {shown}");
        }
        Assert.True(Math.Abs(plan.HourlyCost - expected.HourlyCost) <= 0.01, $"plan costs ${plan.HourlyCost:0.###}/h, expected ${expected.HourlyCost:0.###}/h; {shown}");
        Assert.True(Math.Abs(plan.Candidates.Sum(c => c.Weight) - 1) <= 1e-6, $"weights should sum to 1; {shown}");
        var budget = Conditions.Find(route.Status!.Conditions, "BudgetSatisfiable");
        Assert.True(budget?.Status == (expected.WithinBudget ? "True" : "False"), $"BudgetSatisfiable={budget?.Status} ({budget?.Message}); {shown}");
    }

    /// <summary>The Deployments are scaled to the plan and the gateway routes by it.</summary>
    private static async Task AssertAppliedAsync(ClosedLoopWorld world, PlanStatus plan, string name)
    {
        await Poll.UntilAsync(async () => await world.DeploymentReplicasAsync(),
            d => d is not null && plan.Candidates.All(c => d[c.Name!] == c.Replicas), TimeSpan.FromSeconds(15),
            $"{name}: Deployments at the plan's replicas ({string.Join(", ", plan.Candidates.Select(c => $"{c.Name}={c.Replicas}"))})",
            () => world.Operator.LogTail(20), d => d is null ? "(none)" : string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}")));
        await Poll.UntilAsync(() => Task.FromResult(world.GatewayEntry()), e => Matches(e, plan), TimeSpan.FromSeconds(15),
            $"{name}: the gateway's table to carry the plan's weights and caps", describe: ClosedLoopWorld.Describe);
    }

    /// <summary>Whether the gateway's entry routes exactly by <paramref name="plan"/> (RoutingTableBuilder's reading of it).</summary>
    private static bool Matches(RouteEntry? entry, PlanStatus plan) =>
        entry is { HasPlan: true }
        && entry.Candidates.Length == plan.Candidates.Count
        && plan.Candidates.All(p => entry.Candidates.SingleOrDefault(c => c.Name == p.Name) is { } c
            && c.Weight == Math.Max(0, p.Weight)
            && c.MaxInFlight == (p.MaxInFlight > 0 ? p.MaxInFlight : p.Weight > 0 ? null : 0));

    private sealed record ExpectedCandidate(string Name, int Replicas, double Weight);

    private sealed record ExpectedPlan(string Why, bool WithinBudget, double HourlyCost, ExpectedCandidate[] Candidates);
}
