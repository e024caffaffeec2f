using Frontier.Api.Schema;

namespace Frontier.Api.Routes;

/// <summary>Namespaced: a model alias and how its traffic is spread over candidate models.</summary>
[ResourceScope(ResourceScope.Namespaced)]
[Plural("modelroutes")]
[ShortNames("mroute")]
[Categories("frontier")]
[PrinterColumn("Model", ".spec.model")]
[PrinterColumn("$/h", ".status.plan.hourlyCost", Type = PrinterColumnType.Number)]
[PrinterColumn("Quality", ".status.plan.expectedQuality", Type = PrinterColumnType.Number)]
[PrinterColumn("Ready", StandardColumns.ReadyPath, Description = StandardColumns.ReadyDescription)]
[PrinterColumn("Age", StandardColumns.AgePath, Type = PrinterColumnType.Date, Description = StandardColumns.AgeDescription)]
public sealed class ModelRoute : FrontierResource<ModelRouteSpec, ModelRouteStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "ModelRoute";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
