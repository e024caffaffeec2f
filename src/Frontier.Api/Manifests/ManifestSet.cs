using System.Runtime.CompilerServices;
using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Routes;
using k8s;
using k8s.Models;

namespace Frontier.Api.Manifests;

/// <summary>The Frontier resources read from one or more manifest files, with where each came from.</summary>
public sealed class ManifestSet : IResourceCatalog
{
    private readonly ConditionalWeakTable<object, SourceLocation> _locations = new();
    private readonly List<GpuProfile> _profiles = [];
    private readonly List<ModelBenchmark> _benchmarks = [];
    private readonly List<ModelRoute> _routes = [];

    /// <summary>GpuProfiles in file order.</summary>
    public IReadOnlyList<GpuProfile> GpuProfiles => _profiles;

    /// <summary>ModelBenchmarks in file order.</summary>
    public IReadOnlyList<ModelBenchmark> ModelBenchmarks => _benchmarks;

    /// <summary>ModelRoutes in file order.</summary>
    public IReadOnlyList<ModelRoute> ModelRoutes => _routes;

    /// <inheritdoc />
    public GpuProfile? FindGpuProfile(string name) => _profiles.FirstOrDefault(p => p.Metadata.Name == name);

    /// <inheritdoc />
    public ModelBenchmark? FindBenchmark(string @namespace, string name) =>
        _benchmarks.FirstOrDefault(b => b.Metadata.Name == name && ResourceNames.NamespaceOf(b) == @namespace);

    /// <summary>The route of that name (in any namespace when <paramref name="namespace"/> is null), or null.</summary>
    public ModelRoute? FindRoute(string name, string? @namespace = null) =>
        _routes.FirstOrDefault(r => r.Metadata.Name == name && (@namespace is null || ResourceNames.NamespaceOf(r) == @namespace));

    /// <summary>"file:line: Kind/name: field" for messages about a field of an object read by this set.</summary>
    public string Describe(IKubernetesObject<V1ObjectMeta> obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var where = _locations.TryGetValue(obj, out var location) ? location.At(field) : "<memory>";
        return $"{where}: {ResourceNames.Describe(obj, obj is not GpuProfile)}: {field}";
    }

    internal void Add(object resource, SourceLocation location)
    {
        switch (resource)
        {
            case GpuProfile p: _profiles.Add(p); break;
            case ModelBenchmark b: _benchmarks.Add(b); break;
            case ModelRoute r: _routes.Add(r); break;
            default: throw new ArgumentException($"not a Frontier resource: {resource.GetType().Name}", nameof(resource));
        }
        _locations.AddOrUpdate(resource, location);
    }
}
