using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;

namespace Frontier.Operator.Reconcilers;

/// <summary>
/// A catalog whose TCO GpuProfiles use the power draw DCGM measured on their own GPUs instead of the assumed
/// spec.tco.powerKw. Only profiles in <paramref name="measuredKwPerGpu"/> change; quoted-price profiles are returned
/// unchanged (their price already includes power).
/// </summary>
internal sealed class PowerAdjustedCatalog(IResourceCatalog inner, IReadOnlyDictionary<string, double> measuredKwPerGpu) : IResourceCatalog
{
    public GpuProfile? FindGpuProfile(string name)
    {
        var profile = inner.FindGpuProfile(name);
        if (profile?.Spec.Tco is null || !measuredKwPerGpu.TryGetValue(name, out var kw)) return profile;
        var copy = Copies.Deep(profile);
        copy.Spec.Tco!.PowerKw = kw;
        return copy;
    }

    public ModelBenchmark? FindBenchmark(string @namespace, string name) => inner.FindBenchmark(@namespace, name);
}
