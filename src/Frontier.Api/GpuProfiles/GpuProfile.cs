using Frontier.Api.Schema;

namespace Frontier.Api.GpuProfiles;

/// <summary>Cluster-scoped: the cost of one kind of GPU.</summary>
[ResourceScope(ResourceScope.Cluster)]
[Plural("gpuprofiles")]
[ShortNames("gpup")]
[Categories("frontier")]
[PrinterColumn("$/h", ".status.hourlyCost", Type = PrinterColumnType.Number)]
[PrinterColumn("Age", StandardColumns.AgePath, Type = PrinterColumnType.Date, Description = StandardColumns.AgeDescription)]
public sealed class GpuProfile : FrontierResource<GpuProfileSpec, GpuProfileStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "GpuProfile";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
