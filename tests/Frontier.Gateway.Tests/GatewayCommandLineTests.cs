using Frontier.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontier.Gateway.Tests;

/// <summary>The frontier-gateway process with settings it cannot use: exit code 2, a message naming the flag, no stack trace.</summary>
public sealed class GatewayCommandLineTests
{
    private static Task<ToolResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "frontier-gateway.dll"), "--urls", "http://127.0.0.1:0", .. args],
            environment: new Dictionary<string, string?>
            {
                // as outside a pod, whatever the machine running the tests is
                ["KUBERNETES_SERVICE_HOST"] = null,
                ["KUBERNETES_SERVICE_PORT"] = null,
            },
            timeout: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(new[] { "--in-cluster" }, "--in-cluster: this process is not running in a Kubernetes pod")]
    [InlineData(new[] { "--in-cluster" }, "use --kubeconfig PATH, or --routes FILE.yaml to run without a cluster")]
    [InlineData(new[] { "--kubeconfig", "/nonexistent/kubeconfig" }, "--kubeconfig: no such file: /nonexistent/kubeconfig")]
    [InlineData(new[] { "--routes", "r.yaml", "--queue-wait", "soon" }, "--queue-wait: 'soon' is not a positive duration")]
    [InlineData(new[] { "--routes", "r.yaml", "--base-ejection-time", "-5s" }, "--base-ejection-time: '-5s' is not a positive duration")]
    [InlineData(new[] { "--routes", "r.yaml", "--consecutive-5xx", "0" }, "--consecutive-5xx: must be >= 1, got 0")]
    [InlineData(new[] { "--routes", "r.yaml", "--consecutive-connect-failures", "three" }, "--consecutive-connect-failures: 'three' is not a whole number")]
    [InlineData(new[] { "--routes", "r.yaml", "--gateway-replicas", "0" }, "--gateway-replicas: must be >= 1 (the number of gateway replicas sharing each Pod's cap), got 0")]
    [InlineData(new[] { "--routes", "r.yaml", "--gateway-replicas", "two" }, "--gateway-replicas: 'two' is not a whole number")]
    [InlineData(new[] { "--routes", "r.yaml", "--max-ejection-percent", "150" }, "--max-ejection-percent: must be in 0..100, got 150")]
    [InlineData(new[] { "--routes", "r.yaml", "--base-ejection-time", "10m" }, "--max-ejection-time: must be >= --base-ejection-time")]
    [InlineData(new[] { "--routes", "r.yaml", "--max-body-bytes", "0" }, "--max-body-bytes: must be > 0, got 0")]
    [InlineData(new[] { "--routes", "r.yaml", "--server-load-interval", "often" }, "--server-load-interval: 'often' is not a positive duration")]
    [InlineData(new string[0], "usage: frontier-gateway --routes FILE.yaml")]
    public async Task Unusable_settings_exit_2_with_a_message(string[] args, string message)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubeconfig_that_is_not_one_is_reported_by_path()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("frontier-gw-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(path, "this: [is not a kubeconfig");
        var result = await RunAsync("--kubeconfig", path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--kubeconfig {path}:", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_take_the_crd_format_and_dotnet_format()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:QueueWait"] = "1500ms",
            ["Gateway:OutlierDetection:BaseEjectionTime"] = "00:00:30",
            ["Gateway:OutlierDetection:MaxEjectionTime"] = "5m",
            ["Gateway:ConnectTimeout"] = "2s",
        }).Build();
        var options = GatewayOptions.From(config.GetSection("Gateway"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.QueueWait);
        Assert.Equal(TimeSpan.FromSeconds(30), options.OutlierDetection.BaseEjectionTime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.OutlierDetection.MaxEjectionTime);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ActivityTimeout);
    }
}
