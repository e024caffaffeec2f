using System.CommandLine;
using Frontier.Api.GpuProfiles;
using Frontier.Planning;
using Frontier.Api.Validation;
using Frontier.Cli.Reports;
using Frontier.Cli.Tables;
using Frontier.Economics.Cost;
using static System.FormattableString;

namespace Frontier.Cli.Commands;

/// <summary><c>frontier cost</c>: the paper's TCO hourly cost, its breakdown and its sensitivity to each input.</summary>
internal sealed class CostCommand : Command
{
    private readonly Option<string[]> _files = CommonOptions.Files();
    private readonly Option<string?> _profile = ValueOptions.Text("--profile", "NAME", "the GpuProfile in the -f files to start from (default: the first one)");
    private readonly Option<double?> _hourlyPrice = Input("--hourly-price", "USD", "a quoted price per GPU-hour instead of the TCO inputs");
    private readonly Option<double?> _purchasePrice = Input("--purchase-price", "USD", "TCO: purchase price of one GPU (P)");
    private readonly Option<double?> _depreciationYears = Input("--depreciation-years", "Y", "TCO: years over which the purchase is written off (Y)");
    private readonly Option<double?> _utilization = Input("--utilization", "U", "TCO: share of the year the GPU does paid work, in (0, 1] (u)");
    private readonly Option<double?> _powerKw = Input("--power-kw", "KW", "TCO: power draw of one GPU in kW");
    private readonly Option<double?> _pue = Input("--pue", "X", "TCO: power usage effectiveness of the data centre (PUE)");
    private readonly Option<double?> _electricityPrice = Input("--electricity-price", "USD_PER_KWH", "TCO: electricity price per kWh (E)");
    private readonly Option<double?> _maintenanceRate = Input("--maintenance-rate", "M", "TCO: yearly maintenance as a share of the purchase price (m)");
    private readonly Option<int?> _gpus = ValueOptions.WholeNumber("--gpus", "N", "the number of GPUs to price (default 1)", v => v >= 1, "must be ≥ 1");
    private readonly Option<double?> _seconds = ValueOptions.Number("--seconds", "T", "also price a workload of T seconds on those GPUs", v => v > 0, "must be > 0");
    private readonly Option<OutputFormat?> _output = CommonOptions.Output();

    /// <summary>TCO option → the GpuProfile field it sets, so a validation message names what the user typed.</summary>
    private readonly Dictionary<Option<double?>, string> _tcoFields;

    public CostCommand() : base("cost", "the TCO hourly cost of a GPU (hourly = P/(Y·8760·u) + kW·PUE·E + P·m/8760), its three terms and its sensitivity to each input (±20%)")
    {
        _tcoFields = new()
        {
            [_purchasePrice] = "spec.tco.purchasePrice",
            [_depreciationYears] = "spec.tco.depreciationYears",
            [_utilization] = "spec.tco.utilization",
            [_powerKw] = "spec.tco.powerKw",
            [_pue] = "spec.tco.pue",
            [_electricityPrice] = "spec.tco.electricityPricePerKwh",
            [_maintenanceRate] = "spec.tco.maintenanceRate",
        };
        Options.Add(_files);
        Options.Add(_profile);
        Options.Add(_hourlyPrice);
        foreach (var option in _tcoFields.Keys) Options.Add(option);
        Options.Add(_gpus);
        Options.Add(_seconds);
        Options.Add(_output);
        SetAction(Run);
    }

    /// <summary>A TCO or price input: any number here; the GpuProfile's own validation judges it, naming this option.</summary>
    private static Option<double?> Input(string name, string valueName, string description) => ValueOptions.Number(name, valueName, description);

    private void Run(ParseResult parsed)
    {
        var gpus = parsed.GetValue(_gpus) ?? 1;
        var seconds = parsed.GetValue(_seconds);
        var (profile, name) = BaseProfile(parsed);
        Override(profile, parsed);

        var errors = SpecValidator.Validate(profile);
        if (errors.Count > 0)
        {
            var option = _tcoFields.FirstOrDefault(o => o.Value == errors[0].Field).Key?.Name ?? (errors[0].Field == "spec.hourlyPrice" ? _hourlyPrice.Name : errors[0].Field);
            throw new UsageException($"{name}: {option} {errors[0].Message}");
        }

        var hourly = EconomicsMapper.Hourly(profile.Spec);
        var tco = EconomicsMapper.Tco(profile.Spec);
        var report = new CostReport(name, hourly.Total, hourly.IsFlatPrice ? "hourlyPrice" : "tco",
            hourly.IsFlatPrice ? null : new BreakdownReport(hourly.Depreciation, hourly.Power, hourly.Maintenance),
            gpus, gpus * hourly.Total, seconds, seconds is { } s ? GpuCostModel.WorkloadCost(gpus, hourly.Total, s) : null,
            tco is null ? [] : CostSensitivity.Analyze(tco).Select(r => new SensitivityReport(r.Input, r.LowValue, r.HighValue, r.HourlyAtLow, r.HourlyAtHigh, r.ChangeAtLow, r.ChangeAtHigh)).ToList());

        var stdout = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(_output) == OutputFormat.Json) stdout.WriteLine(Json.Serialize(report));
        else WriteTables(report, stdout);
    }

    /// <summary>The profile to start from: one named in -f files, the first in them, or the embedded A800 example.</summary>
    private (GpuProfile Profile, string Name) BaseProfile(ParseResult parsed)
    {
        var wanted = parsed.GetValue(_profile);
        var firstTco = _tcoFields.Keys.FirstOrDefault(o => parsed.GetResult(o) is not null);
        if (parsed.GetValue(_hourlyPrice) is { } flat)
        {
            if (firstTco is not null) throw new UsageException($"{_hourlyPrice.Name} is a quoted price; it cannot be combined with TCO options such as {firstTco.Name}");
            return (new GpuProfile { Metadata = new() { Name = "command line" }, Spec = new GpuProfileSpec { HourlyPrice = flat } }, "command line");
        }
        var files = parsed.GetValue(_files) ?? [];
        if (wanted is not null && files.Length == 0) throw new UsageException($"{_profile.Name} needs -f FILE with the GpuProfile in it");
        var (set, dataset) = ManifestInput.Load(files);
        var profile = wanted is null ? set.GpuProfiles.FirstOrDefault() : set.FindGpuProfile(wanted);
        if (profile is null)
            throw new UsageException(wanted is null ? $"{dataset}: no GpuProfile found" : $"{_profile.Name} {wanted}: no GpuProfile of that name in {dataset}");
        return (profile, files.Length == 0 ? $"{profile.Metadata.Name} (embedded paper A800 example)" : profile.Metadata.Name);
    }

    private void Override(GpuProfile profile, ParseResult parsed)
    {
        var given = _tcoFields.Keys.FirstOrDefault(o => parsed.GetResult(o) is not null);
        if (given is null) return;
        var tco = profile.Spec.Tco ?? throw new UsageException($"GpuProfile {profile.Metadata.Name} is a quoted hourlyPrice; TCO options like {given.Name} do not apply");
        tco.PurchasePrice = parsed.GetValue(_purchasePrice) ?? tco.PurchasePrice;
        tco.DepreciationYears = parsed.GetValue(_depreciationYears) ?? tco.DepreciationYears;
        tco.Utilization = parsed.GetValue(_utilization) ?? tco.Utilization;
        tco.PowerKw = parsed.GetValue(_powerKw) ?? tco.PowerKw;
        tco.Pue = parsed.GetValue(_pue) ?? tco.Pue;
        tco.ElectricityPricePerKwh = parsed.GetValue(_electricityPrice) ?? tco.ElectricityPricePerKwh;
        tco.MaintenanceRate = parsed.GetValue(_maintenanceRate) ?? tco.MaintenanceRate;
    }

    private static void WriteTables(CostReport report, TextWriter o)
    {
        o.WriteLine($"GPU profile: {report.Profile} ({report.Source})");
        if (report.Breakdown is { } b)
        {
            o.WriteLine(Invariant($"  depreciation  P/(Y·8760·u)  {b.Depreciation,10:0.0000} $/h"));
            o.WriteLine(Invariant($"  power         kW·PUE·E      {b.Power,10:0.0000} $/h"));
            o.WriteLine(Invariant($"  maintenance   P·m/8760      {b.Maintenance,10:0.0000} $/h"));
        }
        o.WriteLine(Invariant($"  hourly cost per GPU         {report.HourlyCost,10:0.0000} $/h"));
        o.WriteLine(Invariant($"  × {report.Gpus} GPU(s)                  {report.HourlyCostForGpus,10:0.0000} $/h"));
        if (report.WorkloadCostUsd is { } w) o.WriteLine(Invariant($"  workload of {report.WorkloadSeconds:0.###} s            {w,10:0.0000} $"));
        if (report.Sensitivity.Count == 0) return;
        o.WriteLine();
        o.WriteLine("Sensitivity of the hourly cost to each input (±20%, one at a time; utilization capped at 1)");
        var table = new ReportTable().Text("input").Number("-20% value").Number("$/h").Number("change").Number("+20% value").Number("$/h").Number("change");
        foreach (var r in report.Sensitivity)
        {
            table.Row(r.Input, Invariant($"{r.LowValue:0.####}"), Invariant($"{r.HourlyAtLow:0.0000}"), Invariant($"{r.ChangeAtLow:+0.0%;-0.0%;0.0%}"),
                Invariant($"{r.HighValue:0.####}"), Invariant($"{r.HourlyAtHigh:0.0000}"), Invariant($"{r.ChangeAtHigh:+0.0%;-0.0%;0.0%}"));
        }
        table.WriteTo(o);
    }
}
