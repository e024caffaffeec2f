using Frontier.Api.Manifests;
using Frontier.Operator.Reconcilers;

namespace Frontier.Operator.Tests.Reconcilers;

public sealed class PowerAdjustedCatalogTests
{
    private const string Profiles = """
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata: {name: a800}
        spec: {tco: {purchasePrice: 15000, depreciationYears: 5, utilization: 0.7, powerKw: 0.4, pue: 1.3, electricityPricePerKwh: 0.1, maintenanceRate: 0.145}}
        ---
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata: {name: h800}
        spec: {tco: {purchasePrice: 30000, depreciationYears: 4, utilization: 0.7, powerKw: 0.7, pue: 1.3, electricityPricePerKwh: 0.1, maintenanceRate: 0.1}}
        ---
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata: {name: cloud}
        spec: {hourlyPrice: 2.5}
        """;

    private readonly ManifestSet _set = ManifestLoader.LoadText(Profiles, "profiles.yaml");

    [Fact]
    public void Only_the_measured_tco_profiles_take_the_measured_power()
    {
        var measured = new Dictionary<string, double> { ["h800"] = 0.61, ["cloud"] = 0.3 };
        var catalog = new PowerAdjustedCatalog(_set, measured);
        Assert.Equal(0.61, catalog.FindGpuProfile("h800")!.Spec.Tco!.PowerKw);
        Assert.Equal(0.4, catalog.FindGpuProfile("a800")!.Spec.Tco!.PowerKw);
        Assert.Equal(2.5, catalog.FindGpuProfile("cloud")!.Spec.HourlyPrice);
        Assert.Equal(0.7, _set.FindGpuProfile("h800")!.Spec.Tco!.PowerKw);
        Assert.Equal("DCGM for h800 (mean per GPU of their pods); spec.tco.powerKw elsewhere", RouteStatusBuilder.PowerSource(measured, _set));
        Assert.StartsWith("assumed", RouteStatusBuilder.PowerSource(new Dictionary<string, double>(), _set), StringComparison.Ordinal);
    }
}
