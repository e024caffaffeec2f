// The Responses API (client.responses) of the official OpenAI Node client through a running Frontier gateway.
// FRONTIER_GATEWAY_URL: base URL of the gateway; FRONTIER_MODEL: a route alias.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = new URL('/v1', process.env.FRONTIER_GATEWAY_URL ?? 'http://127.0.0.1:5080').toString();
const model = process.env.FRONTIER_MODEL ?? 'chat';
const client = new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 20_000 });

test('responses.create returns the text and the usage', async () => {
  const response = await client.responses.create({ model, input: 'Say hello.' });
  assert.equal(response.object, 'response');
  assert.equal(response.status, 'completed');
  assert.ok(response.output_text.length > 0, 'output_text (the SDK joins the output_text parts)');
  assert.ok(response.usage.input_tokens > 0, 'usage.input_tokens > 0');
  assert.ok(response.usage.output_tokens > 0, 'usage.output_tokens > 0');
  assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
});

test('streamed responses.create: text deltas, then response.completed with the usage', async () => {
  const stream = await client.responses.create({
    model,
    stream: true,
    instructions: 'Be brief.',
    input: [{ role: 'user', content: 'Count to five.' }],
  });
  const types = [];
  let text = '';
  let completed = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.ok(types.filter((t) => t === 'response.output_text.delta').length > 1, `several deltas in ${types.join(', ')}`);
  assert.ok(completed, 'a response.completed event');
  assert.equal(completed.output[0].content[0].text, text);
  assert.ok(completed.usage.output_tokens > 0, 'usage in response.completed');
});

test('responses.stream helper assembles the final response', async () => {
  const stream = client.responses.stream({ model, input: 'Hi', max_output_tokens: 3 });
  const final = await stream.finalResponse();
  assert.equal(final.status, 'incomplete');
  assert.equal(final.incomplete_details.reason, 'max_output_tokens');
  assert.equal(final.usage.output_tokens, 3);
  assert.ok(final.output[0].content[0].text.length > 0, 'the text assembled from the deltas');
});
