using System.Text.RegularExpressions;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;

namespace Frontier.Api.Validation;

/// <summary>
/// Checks one resource on its own (no references). Kubernetes 1.20 drops CEL rules, so every rule the
/// CRD schema cannot express lives here, and the rules it can express are checked again.
/// </summary>
public static class SpecValidator
{
    /// <summary>Problems with a GpuProfile, empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(GpuProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var c = new FieldChecks();
        var spec = profile.Spec;
        if ((spec.HourlyPrice is null) == (spec.Tco is null))
        {
            c.Add("spec", "set exactly one of spec.hourlyPrice (a quoted USD price per GPU-hour) or spec.tco (purchase and running costs)");
            return c.Errors;
        }
        c.Positive("spec.hourlyPrice", spec.HourlyPrice, required: false);
        if (spec.Tco is { } tco)
        {
            c.Positive("spec.tco.purchasePrice", tco.PurchasePrice);
            c.Positive("spec.tco.depreciationYears", tco.DepreciationYears);
            c.Range("spec.tco.utilization", tco.Utilization, true, u => u > 0 && u <= 1, "must be in (0, 1] — the share of the year the GPU does paid work");
            c.NonNegative("spec.tco.powerKw", tco.PowerKw);
            c.AtLeast("spec.tco.pue", tco.Pue, 1);
            c.NonNegative("spec.tco.electricityPricePerKwh", tco.ElectricityPricePerKwh);
            c.NonNegative("spec.tco.maintenanceRate", tco.MaintenanceRate);
        }
        return c.Errors;
    }

    /// <summary>Problems with a ModelBenchmark, empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ModelBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var c = new FieldChecks();
        var spec = benchmark.Spec;
        c.Required("spec.model", spec.Model);
        c.Required("spec.gpuProfile", spec.GpuProfile);
        c.AtLeast("spec.gpus", spec.Gpus, 1);
        if (c.Required("spec.benchmark", spec.Benchmark))
        {
            c.Required("spec.benchmark.name", spec.Benchmark!.Name);
            c.AtLeast("spec.benchmark.requests", spec.Benchmark.Requests, 1);
            c.Range("spec.benchmark.score", spec.Benchmark.Score, true, _ => true, string.Empty);
        }
        if (spec.Runs is null || spec.Runs.Count == 0)
        {
            c.Add("spec.runs", "needs at least one run (the workload at one concurrency); three or more levels show the zone");
            return c.Errors;
        }
        for (var i = 0; i < spec.Runs.Count; i++)
        {
            var run = spec.Runs[i];
            var at = $"spec.runs[{i}]";
            if (run is null) { c.Add(at, "is empty"); continue; }
            c.AtLeast($"{at}.concurrency", run.Concurrency, 1);
            c.Positive($"{at}.totalSeconds", run.TotalSeconds);
            c.NonNegative($"{at}.meanTtftSeconds", run.MeanTtftSeconds, required: false);
            c.Positive($"{at}.meanLatencySeconds", run.MeanLatencySeconds, required: false);
            c.NonNegative($"{at}.outputTokens", run.OutputTokens, required: false);
            CheckPercentiles(c, at, "Ttft", run.P50TtftSeconds, run.P90TtftSeconds, run.P99TtftSeconds, zeroAllowed: true);
            CheckPercentiles(c, at, "Latency", run.P50LatencySeconds, run.P90LatencySeconds, run.P99LatencySeconds, zeroAllowed: false);
        }
        return c.Errors;
    }

    /// <summary>Problems with a ModelRoute on its own, empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ModelRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var c = new FieldChecks();
        var spec = route.Spec;
        c.Required("spec.model", spec.Model);
        if (spec.Objective is { } objective && !ModelRouteSpec.Objectives.Contains(objective))
            c.Add("spec.objective", $"must be one of {string.Join(", ", ModelRouteSpec.Objectives)}, got {objective}");
        if (spec.Budget is not null) c.Positive("spec.budget.maxHourlyCost", spec.Budget.MaxHourlyCost);
        c.Range("spec.qualityFloor", spec.QualityFloor, false, _ => true, string.Empty);
        if (spec.Slo is { } slo)
        {
            c.Positive("spec.slo.maxTtftSeconds", slo.MaxTtftSeconds, required: false);
            c.Positive("spec.slo.maxLatencySeconds", slo.MaxLatencySeconds, required: false);
            if (slo.Statistic is { } statistic && !SloSpec.Statistics.Contains(statistic))
                c.Add("spec.slo.statistic", $"must be one of {string.Join(", ", SloSpec.Statistics)}, got {statistic}");
        }
        if (spec.Interval is { } interval && !Regex.IsMatch(interval, Schema.SchemaPatterns.Duration))
            c.Add("spec.interval", $"must be a duration like 30s, 5m or 1h, got {interval}");
        if (spec.Demand is { } demand) c.NonNegative("spec.demand.floorRequestsPerSecond", demand.FloorRequestsPerSecond, required: false);
        if (spec.Scaling is { } scaling)
        {
            c.Range("spec.scaling.headroom", scaling.Headroom, false, v => v is >= 0 and <= 10, "must be between 0 and 10 (a fraction: 0.1 is 10%)");
            if (scaling.ScaleDownStabilization is { } window && !Regex.IsMatch(window, Schema.SchemaPatterns.Duration))
                c.Add("spec.scaling.scaleDownStabilization", $"must be a duration like 0s, 30s or 5m, got {window}");
            c.NonNegative("spec.scaling.startupSeconds", scaling.StartupSeconds, required: false);
        }
        if (spec.Metrics is { } metrics)
        {
            if (metrics.PrometheusUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
                c.Add("spec.metrics.prometheusUrl", $"must be an absolute http(s) URL, got {url}");
            foreach (var (field, value) in new[] { ("gatewayRequestsMetric", metrics.GatewayRequestsMetric), ("vllmRequestSuccessMetric", metrics.VllmRequestSuccessMetric), ("dcgmPowerMetric", metrics.DcgmPowerMetric) })
            {
                if (value is not null && !Regex.IsMatch(value, Schema.SchemaPatterns.MetricName))
                    c.Add($"spec.metrics.{field}", $"must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got {value}");
            }
            if (metrics.RateWindow is { } window && !Regex.IsMatch(window, Schema.SchemaPatterns.Duration))
                c.Add("spec.metrics.rateWindow", $"must be a duration like 30s or 1m, got {window}");
        }
        if (spec.Candidates is null || spec.Candidates.Count == 0)
        {
            c.Add("spec.candidates", "needs at least one candidate");
            return c.Errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Candidates.Count; i++)
        {
            var candidate = spec.Candidates[i];
            var at = $"spec.candidates[{i}]";
            if (candidate is null) { c.Add(at, "is empty"); continue; }
            if (c.Required($"{at}.name", candidate.Name) && !names.Add(candidate.Name!))
                c.Add($"{at}.name", $"{candidate.Name} is used by another candidate; names must be unique");
            c.Required($"{at}.benchmark", candidate.Benchmark);
            ValidateBackend(c, $"{at}.backend", candidate.Backend);
            if (c.Required($"{at}.replicas", candidate.Replicas))
            {
                var r = candidate.Replicas!;
                c.NonNegative($"{at}.replicas.min", r.Min, required: false);
                c.AtLeast($"{at}.replicas.max", r.Max, 1);
                if (r.Min is { } min && r.Max is { } max && min > max)
                    c.Add($"{at}.replicas", $"min ({min}) must be ≤ max ({max})");
            }
            c.AtLeast($"{at}.gpusPerReplica", candidate.GpusPerReplica, 1, required: false);
            c.Range($"{at}.quality", candidate.Quality, false, _ => true, string.Empty);
        }
        return c.Errors;
    }

    private static void ValidateBackend(FieldChecks c, string at, BackendSpec? backend)
    {
        if (!c.Required(at, backend)) return;
        if ((backend!.Service is null) == (backend.Url is null))
        {
            c.Add(at, "set exactly one of service {name, port} or url");
            return;
        }
        if (backend.Service is { } service)
        {
            c.Required($"{at}.service.name", service.Name);
            c.Range($"{at}.service.port", service.Port, true, p => p is >= 1 and <= 65535, "must be a port in 1–65535");
        }
        else if (!Uri.TryCreate(backend.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            c.Add($"{at}.url", $"must be an absolute http(s) URL, got {backend.Url}");
        }
    }

    /// <summary>Each percentile in range, and p50 ≤ p90 ≤ p99 where two are given: a distribution cannot fall.</summary>
    private static void CheckPercentiles(FieldChecks c, string at, string figure, double? p50, double? p90, double? p99, bool zeroAllowed)
    {
        var given = new (string Name, double? Value)[] { ($"{at}.p50{figure}Seconds", p50), ($"{at}.p90{figure}Seconds", p90), ($"{at}.p99{figure}Seconds", p99) };
        foreach (var (name, value) in given)
        {
            if (zeroAllowed) c.NonNegative(name, value, required: false);
            else c.Positive(name, value, required: false);
        }
        var present = given.Where(g => g.Value.HasValue).ToList();
        for (var k = 1; k < present.Count; k++)
        {
            if (present[k].Value < present[k - 1].Value)
                c.Add(present[k].Name, FormattableString.Invariant($"must be ≥ {present[k - 1].Name[(at.Length + 1)..]} ({present[k - 1].Value}), got {present[k].Value}"));
        }
    }
}
