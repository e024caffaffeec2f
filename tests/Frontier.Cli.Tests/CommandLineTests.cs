namespace Frontier.Cli.Tests;

/// <summary>
/// The command line as System.CommandLine parses it: help on every command, completion through the [suggest]
/// directive, and usage errors as the CLI's contract wants them (exit 2, one line per problem naming the option).
/// </summary>
public sealed class CommandLineTests
{
    /// <summary>Every registered command, so one added later is checked too.</summary>
    public static TheoryData<string> Commands() => new(FrontierCli.CreateRoot().Subcommands.Select(c => c.Name));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertUsageErrors(CliRunner.Result result, string command, params string[] expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var lines = Lines(result.Err);
        Assert.Equal(expected.Length, lines.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith($"frontier {command}: ", lines[i], StringComparison.Ordinal);
            Assert.Contains(expected[i], lines[i], StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_help_naming_each_of_its_options_and_arguments(string command)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(string.Empty, result.Err);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Matches($@"Usage:\s+\S+ {command} ", result.Out);
        var symbols = FrontierCli.CreateRoot().Subcommands.Single(c => c.Name == command).Children.ToList();
        Assert.NotEmpty(symbols);
        foreach (var symbol in symbols) Assert.Contains(symbol.Name, result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_command_shows_the_same_help(string command)
    {
        var viaHelp = CliRunner.Run("help", command);

        Assert.Equal(0, viaHelp.ExitCode);
        Assert.Equal(CliRunner.Run(command, "-h").Out, viaHelp.Out);
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var result = CliRunner.Run("help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in FrontierCli.CreateRoot().Subcommands) Assert.Contains($"  {command.Name} ", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_prints_the_help_and_exits_2()
    {
        var result = CliRunner.Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("analyze", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_for_a_command_that_does_not_exist_exits_2()
    {
        AssertUsageErrors(CliRunner.Run("help", "analyse"), "help", "unknown command 'analyse'; expected analyze, plan, cost, replay, crds");
        AssertUsageErrors(CliRunner.Run("help", "--plan"), "help", "unknown option '--plan'");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unknown_option_exits_2_on_every_command(string command)
    {
        var result = CliRunner.Run(command, "--no-such-option");

        // Commands with required options also say those are missing: each problem on its own line.
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains(Lines(result.Err), line => line.StartsWith($"frontier {command}: unknown option '--no-such-option'", StringComparison.Ordinal));
        Assert.All(Lines(result.Err), line => Assert.StartsWith($"frontier {command}: ", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_on_the_line_gets_its_own_line()
    {
        AssertUsageErrors(CliRunner.Run("plan", "--demand", "abc", "--budget", "0", "stray"), "plan",
            "--route is required", "--demand: expected a number, got 'abc'", "--budget must be > 0", "unexpected argument 'stray'");
    }

    [Fact]
    public void A_missing_value_is_one_problem_even_when_an_option_follows()
    {
        // The parser hands --route the next word, "--demand"; that is one mistake, not three.
        AssertUsageErrors(CliRunner.Run("plan", "--route", "--demand", "1"), "plan", "--route needs a value");
        AssertUsageErrors(CliRunner.Run("analyze", "--max-tfft", "1"), "analyze", "unknown option '--max-tfft'");
    }

    [Fact]
    public void Short_and_long_forms_and_equals_signs_are_one_option()
    {
        var longForm = CliRunner.Run("cost", "--output", "json", "--gpus", "2");
        var shortForm = CliRunner.Run("cost", "-o", "JSON", "--gpus=2");

        Assert.True(longForm.ExitCode == 0, longForm.Err);
        Assert.Equal(longForm.Out, shortForm.Out);
        AssertUsageErrors(CliRunner.Run("cost", "-o", "json", "--output", "table"), "cost", "--output is given 2 times");
    }

    // ---- completion: what dotnet-suggest asks for ([suggest:CURSOR] "LINE") -------------------------

    private static string[] Suggest(string line) => Suggest(line, line.Length);

    private static string[] Suggest(string line, int cursor)
    {
        var result = CliRunner.Run($"[suggest:{cursor}]", line);
        Assert.True(result.ExitCode == 0, result.Err);
        return Lines(result.Out);
    }

    [Fact]
    public void Completion_suggests_commands()
    {
        Assert.Equal(["plan", "replay"], Suggest("pl")); // System.CommandLine offers names containing the text
        var all = Suggest(string.Empty);
        foreach (var command in FrontierCli.CreateRoot().Subcommands) Assert.Contains(command.Name, all);
    }

    [Fact]
    public void Completion_suggests_a_commands_options()
    {
        Assert.Equal(["--demand"], Suggest("plan --de"));
        Assert.Equal(["--max-latency", "--max-ttft"], Suggest("analyze --max"));
        var all = Suggest("cost ");
        foreach (var option in FrontierCli.CreateRoot().Subcommands.Single(c => c.Name == "cost").Options) Assert.Contains(option.Name, all);
    }

    [Fact]
    public void Completion_suggests_choices_and_command_names_as_values()
    {
        Assert.Equal(["json", "table"], Suggest("analyze -o "));
        Assert.Equal(["json"], Suggest("plan --output j"));
        Assert.Contains("crds", Suggest("help "));
    }
}
