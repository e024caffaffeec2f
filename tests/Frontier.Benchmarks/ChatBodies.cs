using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Frontier.Benchmarks;

/// <summary>
/// Streamed chat requests as clients send them: a multi-turn conversation in paragraphs (newlines), with quoted words
/// and a line of code (escapes), and some non-ASCII (accents, CJK, emoji, typographic punctuation). Depends on
/// System.Text.Json alone, so tests/scripts/bench-request-body.sh can compile it beside two builds of RequestBody.
/// </summary>
public static class ChatBodies
{
    private static readonly string[] Sentences =
    [
        "Summarise the quarterly report in three bullet points and keep the figures exact.",
        "The café on the corner raised its prices by 12 % — is that in line with inflation?",
        "Translate into Japanese: the meeting moves to Thursday at 10:00. 会議は木曜日の10時に変更されます。",
        "Here is the stack trace from the failing job; explain the root cause before proposing a fix.",
        "Naïve approaches re-read the whole document on every turn, which costs tokens and latency.",
        "Write a haiku about Zürich in winter ❄️ and then explain its syllable count.",
        "Compare “throughput at a latency bound” with “peak throughput” for a 70B model on eight GPUs.",
        "List the assumptions you made, then the steps, then the answer; flag anything you are unsure of.",
        "The reviewer wrote \"ship it\" under the pull request, but the build log says `print(\"done\")` never ran.",
        "Keep the tone friendly, the answer short, and cite the section of the contract you rely on.",
    ];

    /// <summary>A request body of about <paramref name="bytes"/> bytes for model "chat", with "stream": true.</summary>
    public static byte[] Streamed(int bytes)
    {
        var messages = new JsonArray { new JsonObject { ["role"] = "system", ["content"] = "You are a careful assistant. Answer in the user's language." } };
        var turn = 0;
        while (Encoding.UTF8.GetByteCount(messages.ToJsonString()) < bytes - 200)
        {
            var text = new StringBuilder();
            for (var k = 0; k < 12; k++) text.Append(Sentences[(turn * 5 + k) % Sentences.Length]).Append(k % 4 == 3 ? "\n\n" : " ");
            messages.Add(new JsonObject { ["role"] = turn % 2 == 0 ? "user" : "assistant", ["content"] = text.ToString().TrimEnd() });
            turn++;
        }
        var request = new JsonObject
        {
            ["model"] = "chat", ["messages"] = messages, ["temperature"] = 0.2, ["max_tokens"] = 256, ["stream"] = true,
        };
        return Encoding.UTF8.GetBytes(request.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
