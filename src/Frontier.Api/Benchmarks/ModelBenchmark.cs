namespace Frontier.Api.Benchmarks;

/// <summary>Namespaced: a model's quality and its performance against concurrency on one GPU set.</summary>
public sealed class ModelBenchmark : FrontierResource<ModelBenchmarkSpec, ModelBenchmarkStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "ModelBenchmark";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
