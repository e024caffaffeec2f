using System.Text.Json;
using Frontier.Traces;

namespace Frontier.Bench.Tests;

/// <summary>Where requests come from: a JSONL dataset, a trace's token lengths, or one synthetic shape.</summary>
public sealed class WorkloadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("frontier-workloads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string content)
    {
        var path = Path.Combine(_dir, "data.jsonl");
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static JsonElement Body(WorkloadItem item) => JsonDocument.Parse(item.Body).RootElement;

    [Fact]
    public void Every_body_streams_asks_for_usage_and_names_the_model()
    {
        var body = Body(Assert.Single(Workloads.Synthetic("served", 3, 5)));
        Assert.Equal("served", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(5, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("hi hi hi", body.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Dataset_lines_become_chat_or_completions_requests()
    {
        var items = Workloads.FromDataset(File("""
            {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "why?"}], "max_tokens": 7}

            {"prompt": "Once upon a time"}
            """), "m");
        Assert.Equal(2, items.Count);
        Assert.Equal(Workloads.ChatPath, items[0].Path);
        Assert.Equal("be brief", Body(items[0]).GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(7, Body(items[0]).GetProperty("max_tokens").GetInt32());
        Assert.Equal(Workloads.CompletionsPath, items[1].Path);
        Assert.Equal("Once upon a time", Body(items[1]).GetProperty("prompt").GetString());
        Assert.False(Body(items[1]).TryGetProperty("max_tokens", out _));
    }

    [Theory]
    [InlineData("{\"prompt\": \"a\"}\nnot json\n", ":2: not JSON")]
    [InlineData("{\"prompt\": \"a\", \"max_tokens\": 0}\n", ":1: max_tokens must be a whole number ≥ 1")]
    [InlineData("{\"input\": \"a\"}\n", ":1: expected \"messages\" or \"prompt\"")]
    [InlineData("\n\n", ": no requests")]
    public void A_bad_dataset_line_is_named_by_file_and_line(string content, string message)
    {
        var path = File(content);
        var error = Assert.Throws<WorkloadException>(() => Workloads.FromDataset(path, "m"));
        Assert.StartsWith(path + message, error.Message);
    }

    [Fact]
    public void A_trace_gives_each_request_its_prompt_and_output_length()
    {
        var trace = AzureTrace.Read(new StringReader("TIMESTAMP,ContextTokens,GeneratedTokens\n0,4,2\n1.5,1,9\n2,6,3\n"), "t.csv");
        var items = Workloads.FromTrace(trace, "m", limit: 2);
        Assert.Equal(2, items.Count);
        Assert.Equal("hi hi hi hi", Body(items[0]).GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(2, Body(items[0]).GetProperty("max_tokens").GetInt32());
        Assert.Equal(9, Body(items[1]).GetProperty("max_tokens").GetInt32());
    }
}
