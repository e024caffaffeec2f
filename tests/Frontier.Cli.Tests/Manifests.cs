namespace Frontier.Cli.Tests;

/// <summary>Small, valid manifests that tests break one field at a time.</summary>
internal static class Manifests
{
    public const string Profile = """
        apiVersion: frontier.dev/v1alpha1
        kind: GpuProfile
        metadata:
          name: a800
        spec:
          tco:
            purchasePrice: 15000
            depreciationYears: 5
            utilization: 0.7
            powerKw: 0.4
            pue: 1.3
            electricityPricePerKwh: 0.1
            maintenanceRate: 0.145
        """;

    public const string Benchmark = """
        apiVersion: frontier.dev/v1alpha1
        kind: ModelBenchmark
        metadata:
          name: small
        spec:
          model: small-model
          gpuProfile: a800
          gpus: 2
          benchmark: {name: WiNEval-3.0, requests: 1000, score: 70}
          runs:
            - {concurrency: 1, totalSeconds: 2000, meanTtftSeconds: 0.1}
            - {concurrency: 4, totalSeconds: 600, meanTtftSeconds: 0.2}
            - {concurrency: 16, totalSeconds: 250, meanTtftSeconds: 0.5}
            - {concurrency: 16, totalSeconds: 270, meanTtftSeconds: 0.5}
            - {concurrency: 64, totalSeconds: 240, meanTtftSeconds: 2.0}
        """;

    public const string Route = """
        apiVersion: frontier.dev/v1alpha1
        kind: ModelRoute
        metadata:
          name: r
        spec:
          model: chat
          budget: {maxHourlyCost: 10}
          candidates:
            - name: small
              benchmark: small
              backend: {url: "http://127.0.0.1:8000"}
              replicas: {min: 0, max: 3}
        """;

    public static string All(string? profile = null, string? benchmark = null, string? route = null) =>
        string.Join("\n---\n", profile ?? Profile, benchmark ?? Benchmark, route ?? Route) + "\n";
}
