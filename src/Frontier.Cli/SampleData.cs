namespace Frontier.Cli;

/// <summary>The embedded dataset used when no -f is given (config/samples/paper-a800.yaml).</summary>
internal static class SampleData
{
    public const string Name = "embedded sample (illustrative, shaped like the paper's 2×A800 table; only ~$0.79/GPU-hour, 2,993 requests and WiNGPT-3.5 at 76.2 / ~$0.34 are published figures)";

    public const string SourceName = "<embedded paper-a800.yaml>";

    public static string Text()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream("Frontier.Cli.paper-a800.yaml")
            ?? throw new InvalidOperationException("embedded sample dataset is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
