using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;

namespace Frontier.Api;

/// <summary>Looks up the resources a route or benchmark refers to: files for the CLI, informer caches for the operator.</summary>
public interface IResourceCatalog
{
    /// <summary>The cluster-scoped GpuProfile of that name, or null.</summary>
    GpuProfile? FindGpuProfile(string name);

    /// <summary>The ModelBenchmark of that name in that namespace, or null.</summary>
    ModelBenchmark? FindBenchmark(string @namespace, string name);
}
