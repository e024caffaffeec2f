namespace Frontier.Api.Routes;

/// <summary>Namespaced: a model alias and how its traffic is spread over candidate models.</summary>
public sealed class ModelRoute : FrontierResource<ModelRouteSpec, ModelRouteStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "ModelRoute";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
