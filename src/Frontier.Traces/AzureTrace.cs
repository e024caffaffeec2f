using System.Globalization;

namespace Frontier.Traces;

/// <summary>
/// Reads traces in the format of the Azure LLM inference traces (Azure/AzurePublicDataset): a CSV with a header naming
/// the columns <c>TIMESTAMP</c>, <c>ContextTokens</c> and <c>GeneratedTokens</c> (any order, any case; other columns are
/// ignored). TIMESTAMP is a date and time ("2023-11-16 18:15:46.6805900", taken as UTC) or a number of seconds; arrivals
/// must not go backwards. The requests are streamed: memory does not grow with the trace's length, and a bad line is
/// reported (as <see cref="TraceFormatException"/> with its line number) only when the enumeration reaches it.
/// </summary>
public static class AzureTrace
{
    /// <summary>The header columns a trace must have.</summary>
    public static readonly IReadOnlyList<string> Columns = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"];

    /// <summary>The shipped sample: one hour of the Azure LLM inference trace 2023, conversation service (CC-BY 4.0;
    /// attribution in config/samples/traces/README.md).</summary>
    public const string SampleName = "azure-llm-inference-2023-conv.csv";

    /// <summary>Opens the shipped sample trace (embedded in this assembly).</summary>
    public static TextReader OpenSample() =>
        new StreamReader(typeof(AzureTrace).Assembly.GetManifestResourceStream($"Frontier.Traces.{SampleName}")
            ?? throw new InvalidOperationException($"the embedded sample trace {SampleName} is missing from the build"));

    /// <summary>Streams the requests of the file at <paramref name="path"/>; a missing file throws <see cref="TraceFormatException"/>.</summary>
    public static IEnumerable<TraceRequest> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new TraceFormatException(path, 0, "no such file");
        return ReadOwned(() => File.OpenText(path), path);
    }

    /// <summary>Streams the shipped sample trace.</summary>
    public static IEnumerable<TraceRequest> ReadSample() => ReadOwned(OpenSample, SampleName);

    /// <summary>Streams the requests of <paramref name="reader"/> (not disposed); <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<TraceRequest> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        return ReadCore(reader, source);
    }

    private static IEnumerable<TraceRequest> ReadOwned(Func<TextReader> open, string source)
    {
        using var reader = open();
        foreach (var request in ReadCore(reader, source)) yield return request;
    }

    private static IEnumerable<TraceRequest> ReadCore(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null) throw new TraceFormatException(source, 0, $"the trace is empty: expected a header line with {string.Join(", ", Columns)}");
        var layout = ColumnLayout.Parse(header.TrimStart('\uFEFF'), source);
        long? origin = null;
        var previous = long.MinValue;
        var count = 0;
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (time, input, output) = layout.Split(line, source, lineNumber);
            if (time < previous)
                throw new TraceFormatException(source, lineNumber, "TIMESTAMP goes backwards: sort the trace by arrival time");
            previous = time;
            origin ??= time;
            count++;
            yield return new TraceRequest((time - origin.Value) / (double)TimeSpan.TicksPerSecond, input, output);
        }
        if (count == 0) throw new TraceFormatException(source, 0, "the trace has a header but no requests");
    }

    /// <summary>Where the three columns are, and how to read one line.</summary>
    private sealed class ColumnLayout(int time, int input, int output, int width)
    {
        public static ColumnLayout Parse(string header, string source)
        {
            var names = header.Split(',').Select(n => n.Trim()).ToList();
            int Find(string column)
            {
                var i = names.FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
                return i >= 0 ? i : throw new TraceFormatException(source, 1,
                    $"the header has no {column} column (found: {header.Trim()}); an Azure-format trace has {string.Join(", ", Columns)}");
            }
            return new ColumnLayout(Find(Columns[0]), Find(Columns[1]), Find(Columns[2]), names.Count);
        }

        public (long Ticks, int Input, int Output) Split(string line, string source, int lineNumber)
        {
            var fields = line.Split(',');
            if (fields.Length != width)
                throw new TraceFormatException(source, lineNumber, $"expected {width} comma-separated fields as in the header, got {fields.Length}");
            return (Time(fields[time].Trim(), source, lineNumber),
                Tokens(fields[input].Trim(), Columns[1], source, lineNumber),
                Tokens(fields[output].Trim(), Columns[2], source, lineNumber));
        }

        /// <summary>The arrival in ticks (whole 100 ns: a date's full precision survives the subtraction of the origin).</summary>
        private static long Time(string text, string source, int lineNumber)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && Math.Abs(seconds) < 9e11)
                return (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at.Ticks;
            throw new TraceFormatException(source, lineNumber, $"TIMESTAMP: expected a date and time like 2023-11-16 18:15:46.68 or a number of seconds, got '{text}'");
        }

        private static int Tokens(string text, string column, string source, int lineNumber) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var tokens)
                ? tokens
                : throw new TraceFormatException(source, lineNumber, $"{column}: expected a whole number ≥ 0, got '{text}'");
    }
}
