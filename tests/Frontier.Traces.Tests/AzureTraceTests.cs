using System.Globalization;
using Frontier.Testing;
using Frontier.Traces;

namespace Frontier.Traces.Tests;

public sealed class AzureTraceTests
{
    private static List<TraceRequest> Read(string text) => [.. AzureTrace.Read(new StringReader(text), "t.csv")];

    private static TraceFormatException Fails(string text) => Assert.Throws<TraceFormatException>(() => Read(text));

    [Fact]
    public void The_shipped_sample_is_the_one_hour_azure_conversation_trace()
    {
        var requests = AzureTrace.ReadSample().ToList();
        // Counted independently from the CSV (19,366 data lines, first 18:15:46.6805900, last 19:14:08.4025270).
        Assert.Equal(19366, requests.Count);
        Assert.Equal(0, requests[0].ArrivalSeconds);
        Assert.Equal((new TimeSpan(19, 14, 8) - new TimeSpan(18, 15, 46)).TotalSeconds + 0.4025270 - 0.6805900, requests[^1].ArrivalSeconds, 6);
        Assert.Equal(new TraceRequest(0, 374, 44), requests[0]);
        Assert.Equal(396, requests[1].InputTokens);
        Assert.Equal(109, requests[1].OutputTokens);
        Assert.Equal(4.3145790, requests[1].ArrivalSeconds, 6);
    }

    [Fact]
    public void The_file_reader_reads_the_same_as_the_embedded_sample()
    {
        var path = Path.Combine(RepoPaths.RepoRoot, "config", "samples", "traces", AzureTrace.SampleName);
        Assert.Equal(AzureTrace.ReadSample(), AzureTrace.ReadFile(path));
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_case_and_extra_columns_are_ignored()
    {
        var requests = Read("id,generatedtokens,Timestamp,contextTokens\r\na,5,10.5,7\r\nb,6,12,8\r\n");
        Assert.Equal([new TraceRequest(0, 7, 5), new TraceRequest(1.5, 8, 6)], requests);
    }

    [Fact]
    public void Timestamps_may_be_seconds_and_blank_lines_are_skipped()
    {
        Assert.Equal([new TraceRequest(0, 1, 2), new TraceRequest(3, 3, 4)], Read("TIMESTAMP,ContextTokens,GeneratedTokens\n100,1,2\n\n103,3,4"));
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_accepted()
    {
        Assert.Single(Read("\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,1,2\n"));
    }

    [Theory]
    [InlineData("", "t.csv: the trace is empty")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n", "t.csv: the trace has a header but no requests")]
    [InlineData("TIMESTAMP,Prompt,GeneratedTokens\n1,2,3\n", "t.csv:1: the header has no ContextTokens column")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\nsoon,2,3\n", "t.csv:3: TIMESTAMP: expected a date and time")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\n2,-2,3\n", "t.csv:3: ContextTokens: expected a whole number ≥ 0, got '-2'")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3.5\n", "t.csv:2: GeneratedTokens: expected a whole number ≥ 0, got '3.5'")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n1,2\n", "t.csv:2: expected 3 comma-separated fields as in the header, got 2")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n5,2,3\n4,2,3\n", "t.csv:3: TIMESTAMP goes backwards")]
    public void Bad_input_names_the_source_and_line(string text, string expected)
    {
        Assert.StartsWith(expected, Fails(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_trace_error_naming_it()
    {
        var e = Assert.Throws<TraceFormatException>(() => AzureTrace.ReadFile("/nonexistent/trace.csv"));
        Assert.Equal("/nonexistent/trace.csv: no such file", e.Message);
    }

    [Fact]
    public void Requests_stream_so_a_bad_line_is_met_only_when_reached()
    {
        var text = "TIMESTAMP,ContextTokens,GeneratedTokens\n1,2,3\n2,2,3\nbad\n";
        using var e = AzureTrace.Read(new StringReader(text), "t.csv").GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        var error = Assert.Throws<TraceFormatException>(() => e.MoveNext());
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void A_long_trace_is_read_without_holding_it()
    {
        // 1,000,000 lines generated on the fly: the reader must keep up without materialising them.
        var lines = Enumerable.Range(0, 1_000_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i * 0.01},{i % 500},{i % 300}"));
        using var reader = new LinesReader(["TIMESTAMP,ContextTokens,GeneratedTokens", .. lines]);
        var count = 0;
        var last = 0.0;
        foreach (var r in AzureTrace.Read(reader, "gen")) { count++; last = r.ArrivalSeconds; }
        Assert.Equal(1_000_000, count);
        Assert.Equal(9999.99, last, 6);
    }

    /// <summary>A TextReader over lines made lazily.</summary>
    private sealed class LinesReader(IEnumerable<string> lines) : TextReader
    {
        private readonly IEnumerator<string> _lines = lines.GetEnumerator();

        public override string? ReadLine() => _lines.MoveNext() ? _lines.Current : null;

        protected override void Dispose(bool disposing)
        {
            if (disposing) _lines.Dispose();
            base.Dispose(disposing);
        }
    }
}
