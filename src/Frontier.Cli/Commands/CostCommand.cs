using Frontier.Api.GpuProfiles;
using Frontier.Planning;
using Frontier.Api.Validation;
using Frontier.Cli.Reports;
using Frontier.Economics.Cost;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier cost</c>: the paper's TCO hourly cost, its breakdown and its sensitivity to each input.</summary>
internal static class CostCommand
{
    private static readonly Dictionary<string, string> Aliases = new() { ["-f"] = "--file", ["-o"] = "--output" };

    /// <summary>Command-line option → TCO field, so messages name what the user typed.</summary>
    private static readonly Dictionary<string, string> TcoOptions = new()
    {
        ["--purchase-price"] = "spec.tco.purchasePrice",
        ["--depreciation-years"] = "spec.tco.depreciationYears",
        ["--utilization"] = "spec.tco.utilization",
        ["--power-kw"] = "spec.tco.powerKw",
        ["--pue"] = "spec.tco.pue",
        ["--electricity-price"] = "spec.tco.electricityPricePerKwh",
        ["--maintenance-rate"] = "spec.tco.maintenanceRate",
    };

    private static readonly HashSet<string> Options =
        ["--file", "--profile", "--hourly-price", "--gpus", "--seconds", "--output", .. TcoOptions.Keys];

    public static void Run(string[] args, TextWriter stdout)
    {
        var line = CommandLine.Parse(args, Aliases, Options);
        var output = line.Choice("--output", OutputFormat.Table);
        var gpus = line.Integer("--gpus", v => v >= 1, "must be ≥ 1") ?? 1;
        var seconds = line.Number("--seconds", v => v > 0, "must be > 0");
        var (profile, name) = BaseProfile(line);
        Override(profile, line);

        var errors = SpecValidator.Validate(profile);
        if (errors.Count > 0)
        {
            var option = TcoOptions.FirstOrDefault(o => o.Value == errors[0].Field).Key ?? (errors[0].Field == "spec.hourlyPrice" ? "--hourly-price" : errors[0].Field);
            throw new UsageException($"{name}: {option} {errors[0].Message}");
        }

        var hourly = EconomicsMapper.Hourly(profile.Spec);
        var tco = EconomicsMapper.Tco(profile.Spec);
        var report = new CostReport(name, hourly.Total, hourly.IsFlatPrice ? "hourlyPrice" : "tco",
            hourly.IsFlatPrice ? null : new BreakdownReport(hourly.Depreciation, hourly.Power, hourly.Maintenance),
            gpus, gpus * hourly.Total, seconds, seconds is { } s ? GpuCostModel.WorkloadCost(gpus, hourly.Total, s) : null,
            tco is null ? [] : CostSensitivity.Analyze(tco).Select(r => new SensitivityReport(r.Input, r.LowValue, r.HighValue, r.HourlyAtLow, r.HourlyAtHigh, r.ChangeAtLow, r.ChangeAtHigh)).ToList());

        if (output == OutputFormat.Json)
        {
            stdout.WriteLine(Json.Serialize(report));
            return;
        }
        stdout.WriteLine($"GPU profile: {report.Profile} ({report.Source})");
        if (report.Breakdown is { } b)
        {
            stdout.WriteLine(Invariant($"  depreciation  P/(Y·8760·u)  {b.Depreciation,10:0.0000} $/h"));
            stdout.WriteLine(Invariant($"  power         kW·PUE·E      {b.Power,10:0.0000} $/h"));
            stdout.WriteLine(Invariant($"  maintenance   P·m/8760      {b.Maintenance,10:0.0000} $/h"));
        }
        stdout.WriteLine(Invariant($"  hourly cost per GPU         {report.HourlyCost,10:0.0000} $/h"));
        stdout.WriteLine(Invariant($"  × {gpus} GPU(s)                  {report.HourlyCostForGpus,10:0.0000} $/h"));
        if (report.WorkloadCostUsd is { } w) stdout.WriteLine(Invariant($"  workload of {seconds:0.###} s            {w,10:0.0000} $"));
        if (report.Sensitivity.Count == 0) return;
        stdout.WriteLine();
        stdout.WriteLine("Sensitivity of the hourly cost to each input (±20%, one at a time; utilization capped at 1)");
        var table = new TextTable("input", "-20% value", "$/h", "change", "+20% value", "$/h", "change");
        foreach (var r in report.Sensitivity)
        {
            table.Row(r.Input, Invariant($"{r.LowValue:0.####}"), Invariant($"{r.HourlyAtLow:0.0000}"), Invariant($"{r.ChangeAtLow:+0.0%;-0.0%;0.0%}"),
                Invariant($"{r.HighValue:0.####}"), Invariant($"{r.HourlyAtHigh:0.0000}"), Invariant($"{r.ChangeAtHigh:+0.0%;-0.0%;0.0%}"));
        }
        table.WriteTo(stdout);
    }

    /// <summary>The profile to start from: one named in -f files, the first in them, or the embedded A800 example.</summary>
    private static (GpuProfile Profile, string Name) BaseProfile(CommandLine line)
    {
        var wanted = line.String("--profile");
        var flat = line.Number("--hourly-price", _ => true, string.Empty);
        var anyTco = TcoOptions.Keys.Any(k => line.All(k).Count > 0);
        if (flat is not null)
        {
            if (anyTco) throw new UsageException("--hourly-price is a quoted price; it cannot be combined with TCO options such as --purchase-price");
            return (new GpuProfile { Metadata = new() { Name = "command line" }, Spec = new GpuProfileSpec { HourlyPrice = flat } }, "command line");
        }
        var files = line.All("--file");
        if (wanted is not null && files.Count == 0) throw new UsageException("--profile needs -f FILE with the GpuProfile in it");
        var (set, dataset) = FrontierCli.Load(files);
        var profile = wanted is null ? set.GpuProfiles.FirstOrDefault() : set.FindGpuProfile(wanted);
        if (profile is null)
            throw new UsageException(wanted is null ? $"{dataset}: no GpuProfile found" : $"--profile {wanted}: no GpuProfile of that name in {dataset}");
        return (profile, files.Count == 0 ? $"{profile.Metadata.Name} (embedded paper A800 example)" : profile.Metadata.Name);
    }

    private static void Override(GpuProfile profile, CommandLine line)
    {
        var given = TcoOptions.Keys.Where(k => line.All(k).Count > 0).ToList();
        if (given.Count == 0) return;
        var tco = profile.Spec.Tco ?? throw new UsageException($"GpuProfile {profile.Metadata.Name} is a quoted hourlyPrice; TCO options like {given[0]} do not apply");
        double? Value(string option) => line.Number(option, _ => true, string.Empty);
        tco.PurchasePrice = Value("--purchase-price") ?? tco.PurchasePrice;
        tco.DepreciationYears = Value("--depreciation-years") ?? tco.DepreciationYears;
        tco.Utilization = Value("--utilization") ?? tco.Utilization;
        tco.PowerKw = Value("--power-kw") ?? tco.PowerKw;
        tco.Pue = Value("--pue") ?? tco.Pue;
        tco.ElectricityPricePerKwh = Value("--electricity-price") ?? tco.ElectricityPricePerKwh;
        tco.MaintenanceRate = Value("--maintenance-rate") ?? tco.MaintenanceRate;
    }
}
