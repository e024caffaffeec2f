using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Frontier.Simulator;

public static partial class SimulatorApp
{
    /// <summary>POST /v1/responses: OpenAI's Responses API as vLLM serves it, on the same latency model as chat.</summary>
    internal sealed partial class Simulation
    {
        /// <summary>What a Responses API request asks for.</summary>
        private sealed record ResponsesRequest(int InputTokens, int OutputTokens, bool Stream, string? Instructions, int? MaxOutputTokens);

        public async Task ResponsesAsync(HttpContext ctx)
        {
            var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
            if (body is null) return;
            using var _ = body;
            var root = body.Document.RootElement;
            if (!await CheckModelAsync(ctx, root).ConfigureAwait(false)) return;
            var request = await ReadResponsesRequestAsync(ctx, root).ConfigureAwait(false);
            if (request is null) return;
            var slot = await TakeSlotAsync(ctx, body.Raw).ConfigureAwait(false);
            if (slot is null) return;
            var ct = ctx.RequestAborted;
            var (clock, start) = (slot.Clock, slot.Start);
            using (slot.Lease)
            {
                var timing = model.Timing(slot.Lease.Concurrency, request.OutputTokens, slot.Slowdown);
                var ids = Interlocked.Increment(ref _ids).ToString("x8", CultureInfo.InvariantCulture);
                var shape = new ResponseShape("resp_" + ids, "msg_" + ids, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request);
                double? ttft;
                try
                {
                    ttft = request.Stream
                        ? await StreamResponseAsync(ctx, shape, clock, start, timing, ct).ConfigureAwait(false)
                        : await AnswerResponseAsync(ctx, shape, clock, start, timing, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return; // the client went away: not a success
                }
                metrics.Completed(request.MaxOutputTokens is null ? "stop" : "length", request.InputTokens, request.OutputTokens, ttft, clock.Elapsed.TotalSeconds);
            }
        }

        /// <summary>The request's input, instructions, max_output_tokens and stream; null after answering 400.</summary>
        private async Task<ResponsesRequest?> ReadResponsesRequestAsync(HttpContext ctx, JsonElement root)
        {
            var input = Get(root, "input");
            if (input is not { ValueKind: JsonValueKind.String or JsonValueKind.Array })
            {
                await ErrorAsync(ctx, 400, "'input' must be a string or a list of input items", "invalid_request_error", "input", null).ConfigureAwait(false);
                return null;
            }
            var instructions = Get(root, "instructions") is { ValueKind: JsonValueKind.String } i ? i.GetString() : null;
            var maxOutput = IntOrNull(root, "max_output_tokens");
            if (maxOutput is < 1)
            {
                await ErrorAsync(ctx, 400, "max_output_tokens must be at least 1", "invalid_request_error", "max_output_tokens", null).ConfigureAwait(false);
                return null;
            }
            // A string is one user message; a list holds messages ({role, content}) whose content is text or parts.
            var inputTokens = input.Value.ValueKind == JsonValueKind.String
                ? 4 + EstimateTokens(input.Value.GetString()!)
                : input.Value.EnumerateArray().Sum(item => 4 + PromptTokens(Get(item, "content")));
            if (instructions is not null) inputTokens += 4 + EstimateTokens(instructions); // a system message before the input
            return new ResponsesRequest(Math.Max(1, inputTokens), maxOutput ?? options.CompletionTokens,
                Get(root, "stream") is { ValueKind: JsonValueKind.True }, instructions, maxOutput);
        }

        private async Task<double?> AnswerResponseAsync(HttpContext ctx, ResponseShape shape, Stopwatch clock, double start, RequestTiming timing, CancellationToken ct)
        {
            await DelayUntilAsync(clock, start + timing.TotalSeconds, ct).ConfigureAwait(false);
            await ctx.Response.WriteAsJsonAsync(shape.Response(Text(shape.Request.OutputTokens), done: true, served), Json, ct).ConfigureAwait(false);
            return start + timing.TtftSeconds; // generated internally, not sent
        }

        /// <summary>The Responses API's semantic events (no [DONE]): created, in_progress, the message and its text part
        /// added, a delta per token as the latency model makes it due, the text done, then response.completed with the
        /// final response and its usage (its status "incomplete" when max_output_tokens cut the text, as vLLM sends it;
        /// OpenAI's own service sends response.incomplete then).</summary>
        private async Task<double?> StreamResponseAsync(HttpContext ctx, ResponseShape shape, Stopwatch clock, double start, RequestTiming timing, CancellationToken ct)
        {
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var sequence = 0;
            Task Send(string type, Dictionary<string, object?> fields)
            {
                var payload = new Dictionary<string, object?> { ["type"] = type, ["sequence_number"] = sequence++ };
                foreach (var (k, v) in fields) payload[k] = v;
                return ctx.Response.WriteAsync($"event: {type}\ndata: {JsonSerializer.Serialize(payload, Json)}\n\n", ct);
            }
            var partAt = new Dictionary<string, object?> { ["item_id"] = shape.MessageId, ["output_index"] = 0, ["content_index"] = 0 };
            Dictionary<string, object?> With(string key, object? value) => new(partAt) { [key] = value };

            await Send("response.created", new() { ["response"] = shape.Response(null, done: false, served) }).ConfigureAwait(false);
            await Send("response.in_progress", new() { ["response"] = shape.Response(null, done: false, served) }).ConfigureAwait(false);
            await Send("response.output_item.added", new() { ["output_index"] = 0, ["item"] = shape.Message("", done: false) }).ConfigureAwait(false);
            await Send("response.content_part.added", With("part", ResponseShape.Part(""))).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            double? ttft = null;
            for (var k = 0; k < shape.Request.OutputTokens; k++)
            {
                await DelayUntilAsync(clock, start + timing.TokenOffsets[k], ct).ConfigureAwait(false);
                ttft ??= clock.Elapsed.TotalSeconds;
                await Send("response.output_text.delta", new(With("delta", Token(k))) { ["logprobs"] = Array.Empty<object>() }).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
            var text = Text(shape.Request.OutputTokens);
            await Send("response.output_text.done", new(With("text", text)) { ["logprobs"] = Array.Empty<object>() }).ConfigureAwait(false);
            await Send("response.content_part.done", With("part", ResponseShape.Part(text))).ConfigureAwait(false);
            await Send("response.output_item.done", new() { ["output_index"] = 0, ["item"] = shape.Message(text, done: true) }).ConfigureAwait(false);
            var final = shape.Response(text, done: true, served);
            await Send("response.completed", new() { ["response"] = final }).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            return ttft;
        }

        private static string Text(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(Token));

        /// <summary>The ids and times of one response, and the objects the Responses API builds from them.</summary>
        private sealed record ResponseShape(string ResponseId, string MessageId, long CreatedAt, ResponsesRequest Request)
        {
            /// <summary>Whether max_output_tokens ended the text (the simulator always generates that many).</summary>
            public bool Incomplete => Request.MaxOutputTokens is not null;

            public static Dictionary<string, object?> Part(string text) =>
                new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = Array.Empty<object>() };

            public Dictionary<string, object?> Message(string text, bool done) => new()
            {
                ["type"] = "message", ["id"] = MessageId, ["role"] = "assistant",
                ["status"] = !done ? "in_progress" : Incomplete ? "incomplete" : "completed",
                ["content"] = done ? new[] { Part(text) } : Array.Empty<object>(),
            };

            /// <summary>The response object: in progress (no output, usage null) or finished with its text and usage.</summary>
            public Dictionary<string, object?> Response(string? text, bool done, string model) => new()
            {
                ["id"] = ResponseId, ["object"] = "response", ["created_at"] = CreatedAt, ["model"] = model,
                ["status"] = !done ? "in_progress" : Incomplete ? "incomplete" : "completed",
                ["error"] = null,
                ["incomplete_details"] = done && Incomplete ? new { reason = "max_output_tokens" } : null,
                ["instructions"] = Request.Instructions, ["max_output_tokens"] = Request.MaxOutputTokens,
                ["output"] = done ? new[] { Message(text!, done: true) } : Array.Empty<object>(),
                ["parallel_tool_calls"] = true, ["previous_response_id"] = null, ["temperature"] = 1.0, ["top_p"] = 1.0,
                ["tool_choice"] = "auto", ["tools"] = Array.Empty<object>(), ["truncation"] = "disabled",
                ["text"] = new { format = new { type = "text" } }, ["metadata"] = new { },
                ["usage"] = done
                    ? new
                    {
                        input_tokens = Request.InputTokens, input_tokens_details = new { cached_tokens = 0 },
                        output_tokens = Request.OutputTokens, output_tokens_details = new { reasoning_tokens = 0 },
                        total_tokens = Request.InputTokens + Request.OutputTokens,
                    }
                    : null,
            };
        }
    }
}
