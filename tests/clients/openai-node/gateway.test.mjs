// Runs the official OpenAI Node client against a running Frontier gateway.
// FRONTIER_GATEWAY_URL: base URL of the gateway (e.g. http://127.0.0.1:5080); FRONTIER_MODEL: a route alias.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = new URL('/v1', process.env.FRONTIER_GATEWAY_URL ?? 'http://127.0.0.1:5080').toString();
const model = process.env.FRONTIER_MODEL ?? 'chat';
const client = new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 20_000 });

test('non-streamed chat completion with usage', async () => {
  const completion = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  assert.ok(completion.choices.length > 0, 'at least one choice');
  assert.equal(typeof completion.choices[0].message.content, 'string');
  assert.ok(completion.usage.completion_tokens > 0, 'usage.completion_tokens > 0');
});

test('streamed chat completion arrives in several chunks', async () => {
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    messages: [{ role: 'user', content: 'Count to five.' }],
  });
  let chunks = 0;
  let text = '';
  for await (const chunk of stream) {
    chunks += 1;
    text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(chunk.usage ?? null, null, 'no usage chunk unless asked for');
  }
  assert.ok(chunks > 1, `expected several chunks, got ${chunks}`);
  assert.ok(text.length > 0, 'some text');
});

test('streamed with include_usage ends with a usage chunk', async () => {
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Hi' }],
  });
  let usage = null;
  for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
  assert.ok(usage && usage.completion_tokens > 0, 'final usage chunk');
});

test('unknown model is a 404 NotFoundError', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-alias', messages: [{ role: 'user', content: 'x' }] }),
    (e) => e instanceof OpenAI.NotFoundError && e.status === 404);
});

test('models lists the alias', async () => {
  const models = await client.models.list();
  const ids = [];
  for await (const m of models) ids.push(m.id);
  assert.ok(ids.includes(model), `models ${ids.join(', ')} include ${model}`);
});
