// End-to-end: the official openai npm package against a running router.
// Environment: BASE_URL (the router's /v1 URL), TOKEN (a router token), MODEL (provider/model),
// EXPECTED_TEXT and EXPECTED_STREAM_TEXT (what the upstream answers, to compare with).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = required('BASE_URL');
const token = required('TOKEN');
const model = required('MODEL');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

const client = new OpenAI({ apiKey: token, baseURL, maxRetries: 0, timeout: 20_000 });
const messages = [{ role: 'user', content: 'Write a short poem about routers.' }];

test('chat completion', async () => {
  const completion = await client.chat.completions.create({ model, messages });

  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, process.env.EXPECTED_TEXT);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.total_tokens > 0);
});

test('streamed chat completion with usage', async () => {
  const stream = await client.chat.completions.create({
    model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage = null;
  let first = null;
  const finishReasons = [];
  for await (const chunk of stream) {
    first ??= chunk;
    const choice = chunk.choices[0];
    if (choice?.delta?.content) {
      text += choice.delta.content;
    }
    if (choice?.finish_reason) {
      finishReasons.push(choice.finish_reason);
    }
    if (chunk.usage) {
      usage = chunk.usage;
    }
  }

  assert.equal(first.choices[0].delta.role, 'assistant');
  assert.equal(text, process.env.EXPECTED_STREAM_TEXT);
  assert.deepEqual(finishReasons, ['stop']);
  assert.ok(usage, 'a usage chunk arrived');
  assert.ok(usage.total_tokens > 0);
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
});

test('models.list() returns provider/model ids', async () => {
  const ids = [];
  for await (const m of client.models.list()) {
    ids.push(m.id);
  }

  assert.ok(ids.includes(model), `${model} in ${ids.join(', ')}`);
  assert.ok(ids.every((id) => id.includes('/')));
});

test('a bad token surfaces as AuthenticationError (401)', async () => {
  const stranger = new OpenAI({
    apiKey: 'lr_live_NotARealToken0123456789abcdefghijklmn',
    baseURL,
    maxRetries: 0,
  });

  await assert.rejects(
    stranger.chat.completions.create({ model, messages }),
    (err) => {
      assert.ok(err instanceof OpenAI.AuthenticationError, `got ${err?.constructor?.name}: ${err}`);
      assert.equal(err.status, 401);
      assert.equal(err.error?.type, 'authentication_error');
      assert.match(err.headers?.get('x-request-id') ?? '', /^req_/);
      return true;
    },
  );
});
