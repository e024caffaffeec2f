namespace Frontier.Api.GpuProfiles;

/// <summary>Cluster-scoped: the cost of one kind of GPU.</summary>
public sealed class GpuProfile : FrontierResource<GpuProfileSpec, GpuProfileStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "GpuProfile";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
