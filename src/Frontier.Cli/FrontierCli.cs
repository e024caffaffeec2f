using Frontier.Api.Manifests;
using Frontier.Cli.Commands;

namespace Frontier.Cli;

/// <summary>Entry point: dispatches to a command and turns every expected failure into a message and an exit code.</summary>
internal static class FrontierCli
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error (a bug); the message says so.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: command line, file, YAML or resource. The message names the file, the object and the field.</summary>
    public const int BadInput = 2;

    public const string Usage = """
        frontier — cost-aware model routing on the cost–quality frontier (arXiv 2510.26136)

        usage:
          frontier analyze [-f FILE ...] [--max-ttft S] [--max-latency S] [--zone-tolerance X]
                           [--plot PATH.png|.svg] [--output table|json]
          frontier plan    [-f FILE ...] --route [NAMESPACE/]NAME --demand RPS [--budget USD_PER_H]
                           [--output table|json]
          frontier cost    [-f FILE --profile NAME] [--hourly-price USD] [--purchase-price USD]
                           [--depreciation-years Y] [--utilization U] [--power-kw KW] [--pue X]
                           [--electricity-price USD_PER_KWH] [--maintenance-rate M] [--gpus N]
                           [--seconds T] [--output table|json]
          frontier crds    [--output DIR]
          frontier help

        Without -f, the embedded illustrative dataset shaped like the paper's 2×A800 table is used.
        Exit codes: 0 ok, 2 bad input (message names the file, object and field), 1 internal error.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? BadInput : Ok;
        }
        try
        {
            var rest = args.Skip(1).ToArray();
            switch (args[0])
            {
                case "analyze": AnalyzeCommand.Run(rest, stdout); return Ok;
                case "plan": PlanCommand.Run(rest, stdout); return Ok;
                case "cost": CostCommand.Run(rest, stdout); return Ok;
                case "crds": CrdsCommand.Run(rest, stdout); return Ok;
                default:
                    stderr.WriteLine($"frontier: unknown command '{args[0]}'; expected analyze, plan, cost, crds or help");
                    return BadInput;
            }
        }
        catch (Exception e) when (e is UsageException or ManifestException)
        {
            stderr.WriteLine($"frontier {args[0]}: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"frontier {args[0]}: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"frontier {args[0]}: internal error ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("FRONTIER_DEBUG") is "1") stderr.WriteLine(e);
            return InternalError;
        }
    }

    /// <summary>Loads the files given with -f, or the embedded dataset; returns the set and a description of it.</summary>
    public static (ManifestSet Set, string Dataset) Load(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return (ManifestLoader.LoadText(SampleData.Text(), SampleData.SourceName), SampleData.Name);
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new UsageException($"-f {f}: file not found");
        }
        return (ManifestLoader.LoadFiles(files), string.Join(", ", files));
    }
}
