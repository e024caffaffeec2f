using Frontier.Api.Schema;
using Frontier.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontier.Operator.Tests;

/// <summary>The frontier-operator process with a setting it cannot use: exit code 2 and a message naming the setting.</summary>
public sealed class OperatorCommandLineTests
{
    [Theory]
    [InlineData("--Frontier:DefaultInterval=soon", "Frontier:DefaultInterval: 'soon' is not a positive duration")]
    [InlineData("--Frontier:LeaseDuration=-15s", "Frontier:LeaseDuration: '-15s' is not a positive duration")]
    [InlineData("--Frontier:Kubeconfig=/nonexistent/kubeconfig", "--Frontier:Kubeconfig: no such file: /nonexistent/kubeconfig")]
    public async Task A_bad_duration_exits_2_with_a_message(string setting, string message)
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            [DotnetAppProcess.BesideTests("frontier-operator"), "--urls=http://127.0.0.1:0", setting], timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("00:00:30", 30)]
    [InlineData("2m", 120)]
    public void Durations_take_the_crd_format_and_dotnet_format(string text, int seconds)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Frontier:DefaultInterval"] = text }).Build().GetSection("Frontier");
        Durations.NormalizeSettings(section, OperatorOptions.DurationKeys);
        var options = new OperatorOptions();
        section.Bind(options);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.DefaultInterval);
    }
}
