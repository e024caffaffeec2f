using Frontier.Api.Schema;

namespace Frontier.Api.Benchmarks;

/// <summary>Namespaced: a model's quality and its performance against concurrency on one GPU set.</summary>
[ResourceScope(ResourceScope.Namespaced)]
[Plural("modelbenchmarks")]
[ShortNames("mbench")]
[Categories("frontier")]
[PrinterColumn("Model", ".spec.model")]
[PrinterColumn("Score", ".spec.benchmark.score", Type = PrinterColumnType.Number)]
[PrinterColumn("Best C", ".status.bestConcurrency", Type = PrinterColumnType.Integer)]
[PrinterColumn("Age", StandardColumns.AgePath, Type = PrinterColumnType.Date, Description = StandardColumns.AgeDescription)]
public sealed class ModelBenchmark : FrontierResource<ModelBenchmarkSpec, ModelBenchmarkStatus>
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "ModelBenchmark";

    /// <inheritdoc />
    public override string Kind { get; set; } = KindName;
}
