using Frontier.Api.Benchmarks;
using Frontier.Api.GpuProfiles;
using Frontier.Api.Manifests;
using Frontier.Operator.Reconcilers;
using Frontier.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Operator.Tests.Reconcilers;

/// <summary>GpuProfile and ModelBenchmark status: written against the object, so what no longer applies is removed; nothing written when nothing changed.</summary>
public sealed class StatusReconcilerTests
{
    private readonly ManifestSet _set = ManifestLoader.LoadText(ModelRouteReconcilerTests.SampleYaml, "paper-a800.yaml");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_profile_switched_to_an_hourly_price_loses_its_breakdown_and_a_second_pass_writes_nothing()
    {
        var profile = _set.FindGpuProfile("a800-80g")!;
        profile.Metadata.Generation = 1;
        var writer = new FakeStatusWriter<GpuProfile, GpuProfileStatus>();
        var reconciler = new GpuProfileReconciler(_ => profile, writer, _time);
        await reconciler.ReconcileAsync(new ObjectKey(null, "a800-80g"), CancellationToken.None);
        Assert.NotNull(profile.Status!.Breakdown);

        profile.Spec.Tco = null;
        profile.Spec.HourlyPrice = 2.5;
        profile.Metadata.Generation = 2;
        await reconciler.ReconcileAsync(new ObjectKey(null, "a800-80g"), CancellationToken.None);
        Assert.Equal(("hourlyPrice", 2.5), (profile.Status!.Source, profile.Status.HourlyCost));
        Assert.Null(profile.Status.Breakdown);

        await reconciler.ReconcileAsync(new ObjectKey(null, "a800-80g"), CancellationToken.None);
        Assert.Equal(2, writer.Writes.Count);
    }

    [Fact]
    public async Task A_benchmark_that_turns_invalid_loses_its_best_point_and_zone()
    {
        var benchmark = _set.FindBenchmark("default", "wingpt-3-5")!;
        benchmark.Metadata.Generation = 1;
        var writer = new FakeStatusWriter<ModelBenchmark, ModelBenchmarkStatus>();
        var reconciler = new ModelBenchmarkReconciler(_ => benchmark, _set, writer, _time);
        await reconciler.ReconcileAsync(new ObjectKey("default", "wingpt-3-5"), CancellationToken.None);
        Assert.Equal(64, benchmark.Status!.BestConcurrency);

        benchmark.Spec.GpuProfile = "no-such-profile";
        benchmark.Metadata.Generation = 2;
        await reconciler.ReconcileAsync(new ObjectKey("default", "wingpt-3-5"), CancellationToken.None);
        var status = benchmark.Status!;
        Assert.Equal("MissingReference", Conditions.Find(status.Conditions, "Valid")!.Reason);
        Assert.Null(status.BestConcurrency);
        Assert.Null(status.ZoneMinConcurrency);
        Assert.Null(status.ZoneMaxConcurrency);
        Assert.Null(status.CostPerRequestUsd);
    }
}
