// End-to-end: the openai npm package's streaming helper accumulates tool calls the router translated
// from another provider into the same final message as the non-streamed answer.
// Environment: BASE_URL (the router's /v1 URL), TOKEN (a router token), CASES (a JSON array of
// {name, model, names}: the case's title, provider/model, and the expected call names in order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = required('BASE_URL');
const token = required('TOKEN');
const cases = JSON.parse(required('CASES'));

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

const client = new OpenAI({ apiKey: token, baseURL, maxRetries: 0, timeout: 20_000 });
const messages = [{ role: 'user', content: 'What is the weather like, and what should I see?' }];
const tools = ['weather', 'cityAttractions', 'updateIssueList', 'getWeather', 'getTime'].map((name) => ({
  type: 'function',
  function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: {} } },
}));

// The parts of a final message that must agree, with arguments parsed so that JSON spacing and key
// order do not matter.
function comparable(choice) {
  const m = choice.message;
  return {
    role: m.role,
    content: m.content ?? null,
    finish_reason: choice.finish_reason,
    tool_calls: (m.tool_calls ?? []).map((c) => ({
      id: c.id,
      type: c.type,
      name: c.function.name,
      arguments: JSON.parse(c.function.arguments),
    })),
  };
}

for (const c of cases) {
  test(`${c.name}: streamed tool calls accumulate to the non-streamed message (${c.model})`, async () => {
    const stream = client.chat.completions.stream({ model: c.model, messages, tools });
    const deltas = [];
    stream.on('chunk', (chunk) => deltas.push(...(chunk.choices[0]?.delta?.tool_calls ?? [])));
    const streamed = await stream.finalChatCompletion();
    const whole = await client.chat.completions.create({ model: c.model, messages, tools, stream: false });

    assert.equal(streamed.choices.length, 1);
    assert.equal(whole.choices.length, 1);
    const s = comparable(streamed.choices[0]);
    const w = comparable(whole.choices[0]);
    assert.deepEqual(s, w);

    assert.equal(w.role, 'assistant');
    assert.equal(w.finish_reason, 'tool_calls');
    assert.deepEqual(w.tool_calls.map((t) => t.name), c.names);
    assert.ok(w.tool_calls.every((t) => t.type === 'function' && typeof t.id === 'string' && t.id));
    assert.equal(new Set(w.tool_calls.map((t) => t.id)).size, c.names.length, 'ids are distinct');
    assert.ok(deltas.length >= c.names.length, 'the calls arrived as streamed deltas');
  });
}
