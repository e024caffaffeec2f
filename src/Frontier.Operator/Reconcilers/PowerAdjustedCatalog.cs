using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// A catalog whose TCO GpuProfiles use a measured power draw (DCGM) instead of the assumed spec.tco.powerKw.
/// Quoted-price profiles are returned unchanged: their price already includes power.
/// </summary>
internal sealed class PowerAdjustedCatalog(IResourceCatalog inner, double measuredKwPerGpu) : IResourceCatalog
{
    public GpuProfile? FindGpuProfile(string name)
    {
        var profile = inner.FindGpuProfile(name);
        if (profile?.Spec.Tco is null) return profile;
        var copy = Copies.Deep(profile);
        copy.Spec.Tco!.PowerKw = measuredKwPerGpu;
        return copy;
    }

    public ModelBenchmark? FindBenchmark(string @namespace, string name) => inner.FindBenchmark(@namespace, name);
}
