using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Frontier.Gateway.Tests;

/// <summary>The one-pass request reader and the splicing rewrite, checked against a DOM parse of the result.</summary>
public sealed class RequestBodyTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private static JsonObject Rewritten(string body, string served, bool askForUsage)
    {
        var bytes = U(body);
        var facts = RequestBody.Inspect(bytes);
        Assert.True(facts.IsObject, body);
        var result = RequestBody.Rewrite(bytes, facts, served, askForUsage);
        return Assert.IsType<JsonObject>(JsonNode.Parse(result));
    }

    [Theory]
    [InlineData("""{"model":"chat","messages":[]}""", "chat", false)]
    [InlineData(""" { "messages" : [ {"role":"user","content":"{\"model\":\"x\"}"} ] , "model" : "chat" , "stream" : true } """, "chat", true)]
    [InlineData("""{"model":"chat","stream":false}""", "chat", false)]
    [InlineData("""{"model":"chat","stream":"true"}""", "chat", false)]
    [InlineData("""{"model":"ch\u0061t"}""", "chat", false)]
    public void Reads_model_and_stream_like_a_json_parser(string body, string model, bool stream)
    {
        var facts = RequestBody.Inspect(U(body));
        Assert.True(facts.IsObject);
        Assert.Equal(model, facts.Model);
        Assert.Equal(stream, facts.Stream);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"model\"")]
    [InlineData("{\"model\":\"chat\"")]
    [InlineData("{\"model\":\"chat\"} {}")]
    [InlineData("{\"model\":\"chat\",}")]
    [InlineData("{\"model\":\"chat\" /* c */}")]
    [InlineData("{'model':'chat'}")]
    public void Anything_but_one_object_is_not_an_object(string body) => Assert.False(RequestBody.Inspect(U(body)).IsObject);

    [Theory]
    [InlineData("{\"messages\":[]}")]
    [InlineData("{\"model\":42}")]
    [InlineData("{\"model\":null}")]
    [InlineData("{\"model\":\"  \"}")]
    [InlineData("{\"model\":{\"name\":\"chat\"}}")]
    public void A_missing_blank_or_non_string_model_reads_as_null(string body)
    {
        var facts = RequestBody.Inspect(U(body));
        Assert.True(facts.IsObject);
        Assert.Null(facts.Model);
    }

    /// <summary>The body with <paramref name="raw"/> (bytes, any) in place of the "@" of <paramref name="template"/>.</summary>
    private static byte[] With(string template, params byte[] raw)
    {
        var at = template.IndexOf('@', StringComparison.Ordinal);
        return [.. U(template[..at]), .. raw, .. U(template[(at + 1)..])];
    }

    [Theory]
    [InlineData("""{"model":"chat","messages":[{"role":"user","content":"@"}]}""")]
    [InlineData("""{"model":"chat","user":"@"}""")]
    [InlineData("""{"model":"@"}""")]
    [InlineData("""{"model":"chat","@":1}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":{"include_usage":true,"x":"@"}}""")]
    [InlineData("""{"model":"chat","tools":[{"function":{"parameters":{"@":["x"]}}}]}""")]
    public void Bytes_that_are_not_utf8_in_any_string_are_flagged(string template)
    {
        foreach (var bad in new byte[][] { [0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [(byte)'a', 0xe2, 0x82], [0x80] })
        {
            var facts = RequestBody.Inspect(With(template, bad));
            Assert.True(facts.IsObject);
            Assert.Equal(BodyProblem.InvalidUtf8, facts.Problem);
        }
        var good = RequestBody.Inspect(With(template, U("café 日本 😀 \\ud83d\\ude00")));
        Assert.False(good.InvalidUtf8);
    }

    [Theory]
    [InlineData("""{"model":"a","model":"chat"}""", true)]
    [InlineData("""{"model":"chat","messages":[],"mod\u0065l":"other"}""", true)]
    [InlineData("""{"model":"chat","model":null}""", true)]
    [InlineData("""{"model":"chat","messages":[{"model":"x","content":"{\"model\":1}"}],"metadata":{"model":"y"}}""", false)]
    [InlineData("""{"models":"a","model":"chat","Model":"b"}""", false)]
    public void A_second_top_level_model_is_flagged_and_nested_ones_are_not(string body, bool duplicate)
    {
        var facts = RequestBody.Inspect(U(body));
        Assert.Equal(duplicate, facts.DuplicateModel);
        Assert.Equal(duplicate ? BodyProblem.DuplicateModel : BodyProblem.None, facts.Problem);
    }

    /// <summary>Random bytes in a message: flagged exactly when they are not UTF-8 (as .NET's validator says).</summary>
    [Fact]
    public void Random_bytes_are_flagged_exactly_when_they_are_not_utf8()
    {
        // Bytes a JSON string may hold raw: no quote, backslash or control character.
        var usable = Gen.Byte.Where(b => b >= 0x20 && b != (byte)'"' && b != (byte)'\\');
        usable.Array[0, 40].Sample(bytes =>
        {
            var facts = RequestBody.Inspect(With("""{"model":"chat","messages":[{"role":"user","content":"@"}]}""", bytes));
            Assert.True(facts.IsObject);
            Assert.Equal(!System.Text.Unicode.Utf8.IsValid(bytes), facts.InvalidUtf8);
        });
    }

    [Fact]
    public void Rewrite_replaces_only_the_model_and_escapes_the_served_name()
    {
        const string body = """{"model":"chat","messages":[{"role":"user","content":"model: \"chat\""}],"temperature":0.5}""";
        var served = "org/Qwen \"2.5\" \u00e9";
        var json = Rewritten(body, served, askForUsage: false);
        Assert.Equal(served, (string?)json["model"]);
        Assert.Equal("model: \"chat\"", (string?)json["messages"]![0]!["content"]);
        Assert.Equal(0.5, (double)json["temperature"]!);
        Assert.Null(json["stream_options"]);
    }

    [Theory]
    [InlineData("""{"model":"chat","stream":true}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":null}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":{}}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":{ }}""")]
    [InlineData("""{"stream_options":{"other":1},"model":"chat","stream":true}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":{"include_usage":false,"other":1}}""")]
    [InlineData("""{"model":"chat","stream":true,"stream_options":{"include_usage":"no"}}""")]
    public void Asking_for_usage_sets_include_usage_and_keeps_the_other_options(string body)
    {
        var before = Assert.IsType<JsonObject>(JsonNode.Parse(body));
        Assert.False(RequestBody.Inspect(U(body)).ClientAskedForUsage);
        var json = Rewritten(body, "served", askForUsage: true);
        Assert.Equal("served", (string?)json["model"]);
        Assert.True((bool)json["stream_options"]!["include_usage"]!);
        if (before["stream_options"] is JsonObject o && o["other"] is { } other)
            Assert.Equal((int)other, (int)json["stream_options"]!["other"]!);
        Assert.Equal(before.Count + (before.ContainsKey("stream_options") ? 0 : 1), json.Count);
    }

    [Fact]
    public void A_client_that_asked_for_usage_is_left_alone_and_odd_stream_options_are_not_touched()
    {
        var asked = U("""{"model":"chat","stream":true,"stream_options":{"include_usage":true}}""");
        var facts = RequestBody.Inspect(asked);
        Assert.True(facts.ClientAskedForUsage);
        Assert.Equal("""{"model":"x","stream":true,"stream_options":{"include_usage":true}}""",
            Encoding.UTF8.GetString(RequestBody.Rewrite(asked, facts, "x", askForUsage: true)));

        var odd = U("""{"model":"chat","stream":true,"stream_options":[1]}""");
        var oddFacts = RequestBody.Inspect(odd);
        Assert.False(oddFacts.CanAskForUsage);
        Assert.Equal("""{"model":"x","stream":true,"stream_options":[1]}""", Encoding.UTF8.GetString(RequestBody.Rewrite(odd, oddFacts, "x", askForUsage: true)));
    }

    /// <summary>Random bodies: the rewrite is what a DOM edit would give, member for member.</summary>
    [Fact]
    public void Rewrite_agrees_with_a_dom_edit_on_random_bodies()
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.Int[-1000, 1000].Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Int[0, 0].Select(_ => (JsonNode?)null));
        var names = new[] { "messages", "temperature", "n", "user", "stop", "tools" };
        var member = Gen.Select(Gen.Int[0, names.Length - 1].Select(i => names[i]), scalar);
        Gen.Select(member.Array[0, 6], Gen.Bool, Gen.Int[0, 5], Gen.Bool, Gen.Int[0, 7])
            .Sample((members, stream, so, ask, modelAt) =>
            {
                var obj = new JsonObject();
                var position = Math.Min(modelAt, members.Length);
                for (var i = 0; i <= members.Length; i++)
                {
                    if (i == position) obj["model"] = "alias";
                    if (i < members.Length) obj[members[i].Item1] = members[i].Item2?.DeepClone();
                }
                obj["stream"] = stream;
                switch (so)
                {
                    case 1: obj["stream_options"] = null; break;
                    case 2: obj["stream_options"] = new JsonObject(); break;
                    case 3: obj["stream_options"] = new JsonObject { ["include_usage"] = false, ["x"] = 1 }; break;
                    case 4: obj["stream_options"] = new JsonObject { ["include_usage"] = true }; break;
                    case 5: obj["stream_options"] = new JsonObject { ["x"] = 1 }; break;
                }
                var text = obj.ToJsonString();
                var result = Rewritten(text, "served-model", ask);

                var expected = (JsonObject)obj.DeepClone();
                expected["model"] = "served-model";
                if (ask && so != 4)
                {
                    if (expected["stream_options"] is not JsonObject eso) expected["stream_options"] = eso = new JsonObject();
                    eso["include_usage"] = true;
                }
                Assert.True(JsonNode.DeepEquals(expected, result), $"{text} → {result.ToJsonString()}");
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }
}
