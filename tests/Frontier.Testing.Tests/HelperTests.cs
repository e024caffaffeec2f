namespace Frontier.Testing.Tests;

public sealed class HelperTests
{
    [Fact]
    public void Free_loopback_ports_are_distinct_and_bindable()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => PortAllocator.FreeLoopbackPort()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, ports[0]);
        listener.Start();
    }

    [Fact]
    public void Docker_engine_is_detected_by_socket_or_DOCKER_HOST()
    {
        var expected = File.Exists(DockerEngine.SocketPath) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST"));
        Assert.Equal(expected, DockerEngine.IsAvailable);
    }

    [Fact]
    public void Repo_root_holds_the_solution_and_the_cluster_script()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.RepoRoot, "Operator.sln")));
        Assert.True(File.Exists(RepoPaths.ClusterScript));
    }

    [Fact]
    public async Task Process_runner_captures_exit_code_output_and_stdin()
    {
        var result = await ProcessRunner.RunAsync("bash", ["-c", "cat; echo err >&2; exit 7"], stdin: "hello");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("hello", result.StdOut);
        Assert.Equal("err", result.StdErr);
        Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess());
    }
}
