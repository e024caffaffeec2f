using System.Text;

namespace Frontier.Bench.Tests;

public sealed class SseResponseReaderTests
{
    private const string ChatStream =
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":null}\n\n" +
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}],\"usage\":null}\n\n" +
        "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}],\"usage\":null}\n\n" +
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":17,\"total_tokens\":22}}\n\n" +
        "data: [DONE]\n\n";

    [Fact]
    public async Task Reads_usage_and_done_whatever_the_read_sizes()
    {
        var whole = await SseResponseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ChatStream)), CancellationToken.None);
        var trickled = await SseResponseReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(ChatStream.Replace("\n", "\r\n", StringComparison.Ordinal))), CancellationToken.None);
        foreach (var outcome in new[] { whole, trickled })
        {
            Assert.Equal(17, outcome.OutputTokens);
            Assert.True(outcome.SawDone);
            Assert.False(outcome.SawError);
            Assert.NotEqual(0, outcome.FirstTokenTimestamp);
        }
    }

    [Fact]
    public void The_first_token_is_the_first_chunk_with_text_not_the_role_chunk()
    {
        var state = new SseResponseReader.State();
        var lines = ChatStream.Split("\n\n");
        SseResponseReader.ScanLines(Encoding.UTF8.GetBytes(lines[0] + "\n"), now: 100, ref state);
        Assert.Equal(0, state.FirstToken);
        SseResponseReader.ScanLines(Encoding.UTF8.GetBytes(lines[1] + "\n"), now: 200, ref state);
        SseResponseReader.ScanLines(Encoding.UTF8.GetBytes(lines[2] + "\n"), now: 300, ref state);
        Assert.Equal(200, state.FirstToken);
    }

    [Fact]
    public void Completions_text_counts_and_a_line_without_newline_waits()
    {
        var state = new SseResponseReader.State();
        var consumed = SseResponseReader.ScanLines("data: {\"choices\":[{\"text\":\"a\"}]}\ndata: [DO"u8, now: 7, ref state);
        Assert.Equal("data: {\"choices\":[{\"text\":\"a\"}]}\n".Length, consumed);
        Assert.Equal(7, state.FirstToken);
        Assert.False(state.Done);
    }

    [Fact]
    public async Task A_stream_cut_before_done_or_carrying_an_error_is_not_a_success()
    {
        var cut = await SseResponseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ChatStream[..ChatStream.IndexOf("data: [DONE]", StringComparison.Ordinal)])), CancellationToken.None);
        Assert.False(cut.SawDone);
        var error = await SseResponseReader.ReadAsync(new MemoryStream("data: {\"error\":{\"message\":\"boom\"}}\n\ndata: [DONE]\n\n"u8.ToArray()), CancellationToken.None);
        Assert.True(error.SawError);
    }

    /// <summary>Returns one byte per read: every line crosses read boundaries.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
