using System.Text.Json;
using System.Text.Json.Nodes;

namespace Frontier.Gateway.Tests;

/// <summary>testassets/&lt;case&gt;/input.yaml → RoutingTableBuilder → compared with expected.json.
/// Set FRONTIER_UPDATE_GOLDEN=1 to rewrite the expected files in the source tree: each case then fails, saying what it
/// wrote, so a run that rewrites the golden files can never pass by comparing them with themselves.</summary>
public sealed class RoutingTableGoldenTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "testassets")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Converter_matches_the_golden_file(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "testassets", name);
        var table = RoutingTableBuilder.Build(RouteFileLoader.LoadFile(Path.Combine(dir, "input.yaml")));
        var actual = JsonSerializer.SerializeToNode(table, Json)!;
        var expectedPath = Path.Combine(dir, "expected.json");
        if (Environment.GetEnvironmentVariable("FRONTIER_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(Frontier.Testing.RepoPaths.RepoRoot, "tests", "Frontier.Gateway.Tests", "testassets", name, "expected.json");
            var before = File.Exists(source) ? File.ReadAllText(source) : null;
            File.WriteAllText(source, actual.ToJsonString(Json) + "\n");
            Assert.Fail($"{name}: FRONTIER_UPDATE_GOLDEN=1 {(before == File.ReadAllText(source) ? "left" : "rewrote")} {source}; review it and run again without the variable");
        }
        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}: got\n{actual.ToJsonString(Json)}");
    }

    [Fact]
    public void Loader_rejects_an_invalid_route_with_file_and_field()
    {
        var e = Assert.Throws<Frontier.Api.Manifests.ManifestException>(() => RouteFileLoader.LoadText("""
            apiVersion: frontier.dev/v1alpha1
            kind: ModelRoute
            metadata: {name: r}
            spec:
              candidates: []
            """, "bad.yaml"));
        Assert.Contains("bad.yaml", e.Message);
        Assert.Contains("spec.model", e.Message);
    }
}
