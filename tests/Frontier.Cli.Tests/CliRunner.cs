namespace Frontier.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output, and writes manifest files to a temp folder.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("frontier-cli-tests-").FullName;

    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = FrontierCli.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    public string File(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
