namespace Frontier.Cli.Tests;

/// <summary>
/// <c>--output json</c> is a contract for scripts: the output must stay byte for byte what the golden files in
/// Golden/ hold. They were written by the CLI before it moved to System.CommandLine and Spectre.Console; this test
/// only reads them. A deliberate change to a report regenerates them by hand, from the Golden folder:
/// <c>dotnet run --project ../../../src/Frontier.Cli -- ARGS &gt; NAME.json</c> with the ARGS of the case below.
/// </summary>
public sealed class JsonContractTests
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden");

    [Theory]
    [InlineData("analyze-small.json", "analyze", "-f", "small.yaml", "--output", "json")]
    [InlineData("analyze-small-ttft.json", "analyze", "-f", "small.yaml", "--max-ttft", "0.3", "--zone-tolerance", "0.5", "--output", "json")]
    [InlineData("plan-small.json", "plan", "-f", "small.yaml", "--route", "r", "--demand", "1", "--output", "json")]
    [InlineData("cost-tco.json", "cost", "--purchase-price", "20000", "--depreciation-years", "4", "--utilization", "0.5", "--power-kw", "0.3",
        "--pue", "1.5", "--electricity-price", "0.2", "--maintenance-rate", "0.1", "--gpus", "2", "--seconds", "3600", "--output", "json")]
    [InlineData("cost-quoted.json", "cost", "--hourly-price", "2.5", "--gpus", "8", "--output", "json")]
    public void Json_output_is_byte_for_byte_the_golden_file(string golden, params string[] args)
    {
        // The input file is given by its full path (the working directory of a test run is not ours to choose);
        // the report names the dataset by what was typed, so the path is put back to the name the golden file saw.
        var input = Path.Combine(Golden, "small.yaml");
        var result = CliRunner.Run([.. args.Select(a => a == "small.yaml" ? input : a)]);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(string.Empty, result.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(Golden, golden)), result.Out.Replace(input, "small.yaml", StringComparison.Ordinal));
    }
}
