using System.Text;
using Frontier.Api.Schema;

namespace Frontier.Cli.Commands;

/// <summary>
/// <c>frontier crds</c>: the CustomResourceDefinitions generated from the resource classes. With
/// <c>--output DIR</c>, one file per kind (group_plural.yaml); without, all of them on stdout as one
/// multi-document stream for <c>kubectl apply -f -</c>.
/// </summary>
internal static class CrdsCommand
{
    private static readonly Dictionary<string, string> Aliases = [];

    private static readonly HashSet<string> Options = ["--output"];

    public static void Run(string[] args, TextWriter stdout)
    {
        var line = CommandLine.Parse(args, Aliases, Options);
        var output = line.String("--output");
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
