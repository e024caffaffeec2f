using System.Diagnostics;

namespace Frontier.Cli.Tests;

/// <summary>The built program, run as a user runs it: exit codes and streams as a shell sees them.</summary>
public sealed class ProcessTests
{
    private static (int Code, string Out, string Err) Frontier(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "frontier.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "frontier did not exit within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Analyze_runs_on_the_embedded_dataset()
    {
        var (code, stdout, stderr) = Frontier("analyze");
        Assert.True(code == 0, stderr);
        Assert.Contains("WiNGPT-3.5", stdout);
    }

    [Fact]
    public void Bad_input_exits_2_without_a_stack_trace()
    {
        var (code, stdout, stderr) = Frontier("analyze", "-f", "/nonexistent/route.yaml");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("/nonexistent/route.yaml", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Help_names_the_program_as_the_user_typed_it()
    {
        var (code, stdout, stderr) = Frontier("plan", "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains("frontier plan [options]", stdout);
        Assert.Contains("--route", stdout);
    }

    /// <summary>What dotnet-suggest runs when the user presses Tab after "frontier plan --de".</summary>
    [Fact]
    public void Tab_completion_through_the_suggest_directive()
    {
        var (code, stdout, stderr) = Frontier("[suggest:18]", "frontier plan --de");
        Assert.True(code == 0, stderr);
        Assert.Equal("--demand", stdout.Trim());
    }

    [Fact]
    public void A_usage_error_exits_2_with_one_line_naming_the_option()
    {
        var (code, stdout, stderr) = Frontier("plan", "--route", "chat", "--demand", "lots");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("frontier plan: --demand: expected a number, got 'lots'", stderr.TrimEnd());
    }
}
