using System.Text;

namespace Frontier.Gateway.Tests;

/// <summary>Usage in the Responses API's shapes: input_tokens/output_tokens, top level or inside a stream event's "response".</summary>
public sealed class ResponsesUsageTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Reads_a_response_objects_usage()
    {
        Assert.True(Usage.TryRead(U("""
            {"id":"resp_1","object":"response","status":"completed",
             "output":[{"type":"message","content":[{"type":"output_text","text":"{\"usage\":{\"input_tokens\":99}}"}]}],
             "usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":4},"output_tokens":34,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":46}}
            """), out var input, out var output));
        Assert.Equal((12, 34), (input, output));
    }

    [Fact]
    public void Reads_the_usage_of_the_response_completed_event()
    {
        var facts = Usage.Inspect(U("""{"type":"response.completed","sequence_number":14,"response":{"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":7,"output_tokens":3,"total_tokens":10}}}"""));
        Assert.True(facts.HasUsage);
        Assert.Equal((7, 3), (facts.PromptTokens, facts.CompletionTokens));
        Assert.False(facts.ChoicesEmpty);
    }

    [Theory]
    [InlineData("""{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","usage":null}}""")]
    [InlineData("""{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","delta":"usage"}""")]
    [InlineData("""{"type":"response.output_item.done","item":{"type":"message","usage":{"input_tokens":1}}}""")]
    [InlineData("""{"type":"x","response":[{"usage":{"input_tokens":1}}]}""")]
    public void Other_events_carry_no_usage(string ev)
    {
        var facts = Usage.Inspect(U(ev));
        Assert.False(facts.HasUsage);
        Assert.Equal(0, facts.NullUsageMember.Length); // nothing to cut: the gateway never rewrites these
    }
}
