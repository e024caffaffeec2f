using System.CommandLine;
using Frontier.Bench;

namespace Frontier.Cli.Commands;

/// <summary>
/// The options that name the ModelBenchmark bench or an importer writes, and where it writes it: defined once so both
/// commands say the same.
/// </summary>
internal sealed class BenchIdentityOptions
{
    private readonly Option<string?> _name = ValueOptions.Required(ValueOptions.Text("--name", "NAME", "metadata.name of the ModelBenchmark"));
    private readonly Option<string?> _namespace = ValueOptions.Text("--namespace", "NS", "metadata.namespace of the ModelBenchmark");
    private readonly Option<string?> _model = ValueOptions.Required(ValueOptions.Text("--model", "SERVED_NAME", "the served model name (spec.model; bench also sends it as model)"));
    private readonly Option<string?> _gpuProfile = ValueOptions.Required(ValueOptions.Text("--gpu-profile", "P", "spec.gpuProfile: the GpuProfile the server runs on"));
    private readonly Option<int?> _gpus = ValueOptions.Required(ValueOptions.WholeNumber("--gpus", "G", "spec.gpus: cards one server replica uses", v => v >= 1, "must be ≥ 1"));
    private readonly Option<double?> _score = ValueOptions.Number("--score", "S", "spec.benchmark.score (default 0; `frontier import lm-eval` can set it)");
    private readonly Option<string?> _benchmarkName = ValueOptions.Text("--benchmark-name", "B", "spec.benchmark.name (default: the tool's name)");
    private readonly Option<int?> _benchmarkRequests = ValueOptions.WholeNumber("--benchmark-requests", "N",
        "spec.benchmark.requests: the workload each run's totalSeconds is timed for (bench: default --requests, or 1000 with --duration; import: the most requests a run completed)", v => v >= 1, "must be ≥ 1");

    public BenchIdentityOptions() => Out = OutOption();

    /// <summary><c>-o, --out FILE.yaml</c>: where the YAML goes (default stdout).</summary>
    public Option<string?> Out { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _name, _namespace, _model, _gpuProfile, _gpus, _score, _benchmarkName, _benchmarkRequests, Out })
            command.Options.Add(option);
    }

    /// <summary>The served model name.</summary>
    public string Model(ParseResult parsed) => parsed.GetValue(_model)!;

    /// <summary>The identity from the command line; <paramref name="tool"/> and <paramref name="requests"/> are the defaults of the benchmark's name and size.</summary>
    public BenchmarkIdentity Identity(ParseResult parsed, string tool, int requests) => new(
        parsed.GetValue(_name)!, Model(parsed), parsed.GetValue(_gpuProfile)!, parsed.GetValue(_gpus)!.Value,
        parsed.GetValue(_benchmarkName) ?? tool, parsed.GetValue(_benchmarkRequests) ?? requests, parsed.GetValue(_score) ?? 0,
        parsed.GetValue(_namespace));

    /// <summary><c>-o, --out FILE.yaml</c>.</summary>
    public static Option<string?> OutOption()
    {
        var option = ValueOptions.Text("--out", "FILE.yaml", "write the ModelBenchmark YAML here (default: print it)");
        option.Aliases.Add("-o");
        return option;
    }

    /// <summary>Writes <paramref name="yaml"/> to the --out file, or prints it.</summary>
    public static void Write(ParseResult parsed, Option<string?> output, string yaml)
    {
        if (parsed.GetValue(output) is { } file) File.WriteAllText(file, yaml);
        else parsed.InvocationConfiguration.Output.Write(yaml);
    }
}
