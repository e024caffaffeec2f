using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Frontier.Cli.Commands;

/// <summary>The value parsers only <c>frontier bench</c> needs: a concurrency list and the synthetic request shape.</summary>
internal static class BenchOptions
{
    /// <summary>Default concurrency levels: the paper's doubling sweep up to 64.</summary>
    public static readonly int[] DefaultLevels = [1, 2, 4, 8, 16, 32, 64];

    /// <summary><c>--concurrency 1,2,4</c>: distinct whole numbers ≥ 1, run in the order given.</summary>
    public static Option<int[]?> Levels() => new("--concurrency")
    {
        Description = "concurrency levels to run, comma-separated (default 1,2,4,8,16,32,64)",
        HelpName = "C,C,...",
        CustomParser = result => result.Tokens.Count == 1 ? ParseLevels(result, result.Tokens[0].Value) : null,
    };

    /// <summary><c>--synthetic input=TOKENS,output=TOKENS</c>.</summary>
    public static Option<(int Input, int Output)?> Synthetic() => new("--synthetic")
    {
        Description = "every request the same: a prompt of about TOKENS words and TOKENS to generate (the default: input=128,output=64)",
        HelpName = "input=TOKENS,output=TOKENS",
        CustomParser = result => result.Tokens.Count == 1 ? ParseSynthetic(result, result.Tokens[0].Value) : null,
    };

    private static int[]? ParseLevels(ArgumentResult result, string text)
    {
        var levels = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) || c < 1)
            {
                result.AddError($"--concurrency: expected whole numbers ≥ 1 separated by commas, got '{text}'");
                return null;
            }
            if (levels.Contains(c))
            {
                result.AddError($"--concurrency: {c} is given twice in '{text}'");
                return null;
            }
            levels.Add(c);
        }
        return [.. levels];
    }

    private static (int, int)? ParseSynthetic(ArgumentResult result, string text)
    {
        int? input = null, output = null;
        foreach (var part in text.Split(','))
        {
            var pair = part.Split('=', 2);
            var ok = pair.Length == 2 && int.TryParse(pair[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1;
            switch (ok ? pair[0].Trim() : null)
            {
                case "input": input = int.Parse(pair[1].Trim(), CultureInfo.InvariantCulture); break;
                case "output": output = int.Parse(pair[1].Trim(), CultureInfo.InvariantCulture); break;
                default:
                    result.AddError($"--synthetic: expected input=TOKENS,output=TOKENS with whole numbers ≥ 1, got '{text}'");
                    return null;
            }
        }
        if (input is { } i && output is { } o) return (i, o);
        result.AddError($"--synthetic: give both input=TOKENS and output=TOKENS, got '{text}'");
        return null;
    }
}
