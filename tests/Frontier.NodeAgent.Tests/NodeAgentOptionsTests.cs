using Frontier.NodeAgent.Kubelet;

namespace Frontier.NodeAgent.Tests;

public sealed class NodeAgentOptionsTests
{
    [Fact]
    public void Parses_the_command_line_with_the_kubelets_defaults()
    {
        var o = NodeAgentOptions.Parse(["--kubeconfig", "/c/kubeconfig", "--dir=/c", "--repo-root", "/repo", "--gpus", "2", "--heartbeat", "5s", "--restart-backoff=500ms"]);
        Assert.Equal(("/c/kubeconfig", "/c", "/repo", "/repo/tests/Frontier.NodeAgent/images.json"), (o.Kubeconfig, o.ClusterDirectory, o.RepoRoot, o.ImagesFile));
        Assert.Equal(("frontier-node", 2, 110), (o.NodeName, o.Gpus, o.MaxPods));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5)),
            (o.Heartbeat, o.LeaseDuration, o.RestartBackoff, o.MaxRestartBackoff));
        Assert.Equal(Environment.ProcessorCount, (int)o.Cpu.ToDecimal());
        Assert.Equal("/c/pods", o.PodsDirectory);
        Assert.Null(o.ImageRoot);
        Assert.Equal("/bundles", NodeAgentOptions.Parse(["--kubeconfig=k", "--dir=/c", "--repo-root=/repo", "--image-root=/bundles"]).ImageRoot);
    }

    [Theory]
    [InlineData("--gpus=-1", "--gpus: expected an integer >= 0")]
    [InlineData("--memory=lots", "--memory: 'lots' is not a positive quantity")]
    [InlineData("--heartbeat=soon", "--heartbeat: 'soon' is not a positive duration")]
    [InlineData("--heartbeat=1m", "--heartbeat: must be shorter than --lease-duration")]
    [InlineData("--token-lifetime=1m", "--token-lifetime: the API server issues tokens of 10m or longer")]
    [InlineData("--pod-network=10.0.0.0/16", "--pod-network: expected 127.X.0.0/16")]
    [InlineData("--bogus=1", "unknown argument: --bogus")]
    [InlineData("stray", "unexpected argument: stray")]
    [InlineData("--gpus", "--gpus: missing value")]
    public void Bad_arguments_are_named(string argument, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => NodeAgentOptions.Parse(["--kubeconfig", "k", "--dir", "/c", "--repo-root", "/r", argument]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_and_dir_are_required() =>
        Assert.Contains("--kubeconfig is required", Assert.Throws<ArgumentException>(() => NodeAgentOptions.Parse(["--dir", "/c"])).Message, StringComparison.Ordinal);

    [Fact]
    public void Pod_ips_are_handed_out_in_order_in_their_own_slash_16_and_reused_last()
    {
        var ips = new PodIpAllocator(PodIpAllocator.ParseNetwork("127.77.0.0/16"));
        Assert.Equal("127.77.0.0/16", ips.Network);
        var first = Enumerable.Range(0, 256).Select(_ => ips.Allocate()).ToList();
        Assert.Equal(("127.77.0.2", "127.77.0.254", "127.77.1.1"), (first[0], first[252], first[253])); // .255 and .0 skipped
        Assert.Equal(first.Count, first.Distinct().Count());
        ips.Release("127.77.0.2");
        Assert.NotEqual("127.77.0.2", ips.Allocate());
        Assert.InRange(PodIpAllocator.ChooseFree().Octet, 16, 250);
    }
}
