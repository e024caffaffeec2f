using System.CommandLine;
using System.Text;
using Frontier.Api.Schema;

namespace Frontier.Cli.Commands;

/// <summary>
/// <c>frontier crds</c>: the CustomResourceDefinitions generated from the resource classes. With
/// <c>--output DIR</c>, one file per kind (group_plural.yaml); without, all of them on stdout as one
/// multi-document stream for <c>kubectl apply -f -</c>.
/// </summary>
internal sealed class CrdsCommand : Command
{
    private readonly Option<string?> _output = ValueOptions.Text("--output", "DIR", "write one file per kind into DIR (created if missing) instead of stdout");

    public CrdsCommand() : base("crds", "the CustomResourceDefinitions generated from src/Frontier.Api")
    {
        Options.Add(_output);
        SetAction(Run);
    }

    private void Run(ParseResult parsed)
    {
        var stdout = parsed.InvocationConfiguration.Output;
        var output = parsed.GetValue(_output);
        if (output is { Length: 0 }) throw new UsageException("--output needs a directory");
        var crds = CrdGenerator.GenerateAll();

        if (output is null)
        {
            for (var i = 0; i < crds.Count; i++)
            {
                if (i > 0) stdout.Write("---\n");
                stdout.Write(CrdGenerator.ToYaml(crds[i]));
            }
            return;
        }

        if (File.Exists(output)) throw new UsageException($"--output {output} is a file; give a directory");
        Directory.CreateDirectory(output);
        foreach (var crd in crds)
        {
            var path = Path.Combine(output, CrdGenerator.FileName(crd));
            File.WriteAllText(path, CrdGenerator.ToYaml(crd), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            stdout.WriteLine($"wrote {path}");
        }
    }
}
