using Frontier.Api.Manifests;
using Frontier.Api.Routes;
using Frontier.Testing;

namespace Frontier.Replay.Tests;

/// <summary>The shipped sample manifests (config/samples/paper-a800.yaml) and its route "chat".</summary>
internal static class Sample
{
    private static readonly Lazy<ManifestSet> Set = new(() =>
        ManifestLoader.LoadFiles([Path.Combine(RepoPaths.RepoRoot, "config", "samples", "paper-a800.yaml")]));

    public static ManifestSet Catalog => Set.Value;

    public static ModelRoute Chat => Catalog.FindRoute("chat")!;

    /// <summary>A short synthetic replay of the chat route (fast enough for property tests).</summary>
    public static ReplayReport Replay(ReplaySettings settings, IReadOnlyList<ReplayPolicy>? policies = null, PatternShape shape = PatternShape.Step,
        int patternSeed = 7, double duration = 900) =>
        TraceReplay.Run(Chat, Catalog, ArrivalSource.Pattern(new SyntheticPattern(shape, 1, 5, duration), patternSeed), settings, policies ?? ReplayPolicy.All);

    public static PolicyResult Of(this ReplayReport report, PolicyKind kind) => report.Policies.Single(p => p.Policy == ReplayPolicy.NameOf(kind));
}
