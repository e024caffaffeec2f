using Frontier.Api;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Runtime;

namespace Frontier.Operator.Reconcilers;

/// <summary>The operator's view of the resources a route refers to: the informers' caches.</summary>
internal sealed class InformerCatalog(Informer<GpuProfile> profiles, Informer<ModelBenchmark> benchmarks) : IResourceCatalog
{
    public GpuProfile? FindGpuProfile(string name) => profiles.Get(new ObjectKey(null, name));

    public ModelBenchmark? FindBenchmark(string @namespace, string name) => benchmarks.Get(new ObjectKey(@namespace, name));
}
