using System.Text;
using System.Text.Json.Nodes;

namespace Frontier.Gateway.Tests;

public sealed class UsageTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Reads_usage_from_a_response_wherever_it_sits()
    {
        Assert.True(Usage.TryRead(U("""{"id":"x","choices":[{"message":{"content":"{\"usage\":{\"prompt_tokens\":9}}"}}],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}"""), out var p, out var c));
        Assert.Equal((12, 34), (p, c));
        Assert.True(Usage.TryRead(U("""{"usage":{"total_tokens":3,"prompt_tokens":3}}"""), out p, out c));
        Assert.Equal((3, 0), (p, c));
    }

    [Theory]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"usage":null}""")]
    [InlineData("""{"usage":[1]}""")]
    [InlineData("""[{"usage":{"prompt_tokens":1}}]""")]
    [InlineData("""{"usage":{"prompt_tokens":1}""")]
    [InlineData("not json")]
    public void No_usage_object_means_false(string body) => Assert.False(Usage.TryRead(U(body), out _, out _));

    [Theory]
    [InlineData("""{"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}""", true)]
    [InlineData("""{"id":"c","choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":1}}""", false)]
    [InlineData("""{"id":"c","choices":null,"usage":{"prompt_tokens":1}}""", false)]
    public void Tells_the_usage_only_chunk_from_others(string chunk, bool usageOnly)
    {
        var facts = Usage.Inspect(U(chunk));
        Assert.True(facts.HasUsage);
        Assert.Equal(usageOnly, facts.ChoicesEmpty);
    }

    [Theory]
    [InlineData("""{"id":"c","choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}""")]
    [InlineData("""{"usage": null , "id":"c","choices":[]}""")]
    [InlineData("""{"id":"c", "usage":null, "choices":[]}""")]
    [InlineData("""{"usage":null}""")]
    public void Cutting_the_null_usage_member_leaves_the_same_object_without_it(string chunk)
    {
        var bytes = U(chunk);
        var facts = Usage.Inspect(bytes);
        Assert.False(facts.HasUsage);
        var (start, length) = facts.NullUsageMember;
        Assert.True(length > 0);
        var cut = Encoding.UTF8.GetString([.. bytes[..start], .. bytes[(start + length)..]]);
        var expected = (JsonObject)JsonNode.Parse(chunk)!;
        expected.Remove("usage");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(cut)), cut);
    }
}
