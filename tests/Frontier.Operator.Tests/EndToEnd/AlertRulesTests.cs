using System.Diagnostics;
using Frontier.Testing;
using Xunit.Abstractions;

namespace Frontier.Operator.Tests.EndToEnd;

/// <summary>
/// The alert rules (charts/frontier/files/frontier-alerts.yaml) with Prometheus' own tool: `promtool check rules`
/// (syntax, PromQL, templates) and `promtool test rules` on tests/prometheus/frontier-alerts.test.yaml, where each
/// alert must fire on its case and stay quiet on its neighbour. promtool ships with Debian's prometheus package,
/// which tests/cluster/cluster.sh install puts on the machine.
/// </summary>
public sealed class AlertRulesTests(ITestOutputHelper output)
{
    private static readonly string Rules = Path.Combine(RepoPaths.RepoRoot, "charts", "frontier", "files", "frontier-alerts.yaml");
    private static readonly string RuleTests = Path.Combine(RepoPaths.RepoRoot, "tests", "prometheus", "frontier-alerts.test.yaml");

    [Fact(Timeout = 60_000)]
    public async Task Promtool_accepts_the_rules()
    {
        var (code, text) = await PromtoolAsync("check", "rules", Rules);
        Assert.True(code == 0, text);
        Assert.Contains("SUCCESS: 5 rules found", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_alert_fires_on_its_case_and_only_there()
    {
        var (code, text) = await PromtoolAsync("test", "rules", RuleTests);
        Assert.True(code == 0, text);
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Text)> PromtoolAsync(params string[] args)
    {
        var binary = Path.Combine(Path.GetDirectoryName(PrometheusServer.FindBinary())!, "promtool");
        Assert.True(File.Exists(binary), $"promtool not found beside {PrometheusServer.FindBinary()}; run tests/cluster/cluster.sh install");
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(RuleTests)! };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var text = await stdout + await stderr;
        output.WriteLine(text);
        return (p.ExitCode, text);
    }
}
