using Frontier.Api;
using Frontier.Runtime;

namespace Frontier.Operator.Hosting;

/// <summary>Where each Frontier kind is served.</summary>
internal static class ResourceTypes
{
    public static readonly ResourceType GpuProfiles = new(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", Namespaced: false);
    public static readonly ResourceType ModelBenchmarks = new(FrontierApi.Group, FrontierApi.Version, "modelbenchmarks", Namespaced: true);
    public static readonly ResourceType ModelRoutes = new(FrontierApi.Group, FrontierApi.Version, "modelroutes", Namespaced: true);
}
