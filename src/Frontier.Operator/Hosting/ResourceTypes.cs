using Frontier.Api;
using Frontier.Runtime;

namespace Frontier.Operator.Hosting;

/// <summary>Where each Frontier kind (and each built-in kind the operator watches) is served.</summary>
internal static class ResourceTypes
{
    public static readonly ResourceType GpuProfiles = new(FrontierApi.Group, FrontierApi.Version, "gpuprofiles", Namespaced: false);
    public static readonly ResourceType ModelBenchmarks = new(FrontierApi.Group, FrontierApi.Version, "modelbenchmarks", Namespaced: true);
    public static readonly ResourceType ModelRoutes = new(FrontierApi.Group, FrontierApi.Version, "modelroutes", Namespaced: true);

    /// <summary>apps/v1 Deployments: served under the same /apis/GROUP/VERSION path scheme, so the runtime's client lists and watches them.</summary>
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", Namespaced: true);
}
