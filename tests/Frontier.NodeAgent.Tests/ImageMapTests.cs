using Frontier.NodeAgent.Kubelet;
using Frontier.Testing;

namespace Frontier.NodeAgent.Tests;

public sealed class ImageMapTests
{
    private static readonly string RepoImages = Path.Combine(RepoPaths.RepoRoot, "tests", "Frontier.NodeAgent", "images.json");

    [Theory]
    [InlineData("frontier-gateway", "frontier-gateway")]
    [InlineData("frontier-gateway:0.1.0", "frontier-gateway")]
    [InlineData("registry.example:5000/team/frontier-gateway:0.1.0", "frontier-gateway")]
    [InlineData("ghcr.io/acme/frontier-operator@sha256:0123abcd", "frontier-operator")]
    [InlineData("localhost:5000/frontier-simulator:1.2@sha256:0123abcd", "frontier-simulator")]
    public void Images_are_looked_up_by_base_name_whatever_the_registry_tag_or_digest(string image, string expected) =>
        Assert.Equal(expected, ImageMap.BaseName(image));

    [Fact]
    public void The_repository_map_runs_the_three_programs_by_their_built_dlls_and_the_simulator_listens_everywhere_by_default()
    {
        var map = ImageMap.Load(RepoImages, RepoPaths.RepoRoot);
        Assert.Equal(["frontier-gateway", "frontier-operator", "frontier-shell", "frontier-simulator"], map.Names.Order(StringComparer.Ordinal));

        // This test project references the simulator, so its Release build is there.
        Assert.True(map.TryResolve("registry.example/frontier-simulator:0.1.0", out var sim, out var error), error);
        Assert.Equal("dotnet", sim.Entrypoint[0]);
        Assert.Equal(Path.Combine(RepoPaths.RepoRoot, "src", "Frontier.Simulator", "bin", "Release", "net10.0", "frontier-simulator.dll"), sim.Entrypoint[1]);
        Assert.Equal(["--urls", "http://0.0.0.0:8000"], sim.Cmd);
        Assert.Equal(Path.GetDirectoryName(sim.Entrypoint[1]), sim.WorkingDirectory);
    }

    [Fact]
    public void An_unknown_image_says_which_images_the_map_knows()
    {
        var map = ImageMap.Load(RepoImages, RepoPaths.RepoRoot);
        Assert.False(map.TryResolve("docker.io/library/nginx:1.25", out _, out var error));
        Assert.Contains("\"docker.io/library/nginx:1.25\" (nginx) is not in the node agent's image map", error, StringComparison.Ordinal);
        Assert.Contains("frontier-gateway, frontier-operator, frontier-shell, frontier-simulator", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_whose_program_is_not_built_says_how_to_build_it()
    {
        var dir = Directory.CreateTempSubdirectory("images-");
        try
        {
            var file = Path.Combine(dir.FullName, "images.json");
            File.WriteAllText(file, """
                // comments are allowed
                { "app": { "dll": "src/App/bin/Release/net10.0/app.dll" } }
                """);
            var map = ImageMap.Load(file, dir.FullName);
            Assert.False(map.TryResolve("app:1", out _, out var error));
            Assert.Contains("which is not built: run `dotnet build -c Release`", error, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "app": { "cmd": ["x"] } }""", "give exactly one of \"dll\" and \"entrypoint\"")]
    [InlineData("""{ "app": { "dll": "a.dll", "entrypoint": ["x"] } }""", "give exactly one of \"dll\" and \"entrypoint\"")]
    [InlineData("""{ "app": { "dll": "a.dll", "comand": ["x"] } }""", "comand")]
    [InlineData("""{ "app": """, "images.json")]
    public void A_bad_map_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("images-");
        try
        {
            var file = Path.Combine(dir.FullName, "images.json");
            File.WriteAllText(file, json);
            var e = Assert.Throws<InvalidDataException>(() => ImageMap.Load(file, dir.FullName));
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
