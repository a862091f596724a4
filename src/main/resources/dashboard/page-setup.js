// Setup page: ready-to-paste settings for common tools, with this server's address and a token.
import { h, replace, codeBlock, toast } from './ui.js';
import { api, routerApi } from './app.js';

const PLACEHOLDER = 'lr_live_YOUR_TOKEN';

/** Returns the snippets for a base address (…/v1), token and model. */
export function snippets(base, token, model) {
  return [
    { id: 'curl', title: 'curl', text: `curl ${base}/chat/completions \\
  -H "Authorization: Bearer ${token}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}]}'` },
    { id: 'python', title: 'OpenAI SDK for Python', text: `from openai import OpenAI

client = OpenAI(base_url="${base}", api_key="${token}")
reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello"}],
)
print(reply.choices[0].message.content)` },
    { id: 'javascript', title: 'OpenAI SDK for JavaScript', text: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: "${token}" });
const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello" }],
});
console.log(reply.choices[0].message.content);` },
    { id: 'cursor', title: 'Cursor (Settings → Models)', text: `OpenAI API Key:           ${token}
Override OpenAI Base URL: ${base}
Add model:                ${model}` },
    { id: 'cline', title: 'Cline (API Provider: OpenAI Compatible)', text: `Base URL: ${base}
API Key:  ${token}
Model ID: ${model}` },
    { id: 'continue', title: 'Continue.dev (~/.continue/config.yaml)', text: `name: OauthRouter
version: 0.0.1
schema: v1
models:
  - name: ${model}
    provider: openai
    model: ${model}
    apiBase: ${base}
    apiKey: ${token}
    roles:
      - chat
      - edit
      - apply` },
    { id: 'openwebui', title: 'Open WebUI (Admin Settings → Connections → OpenAI API, or environment)',
      text: `OPENAI_API_BASE_URL=${base}
OPENAI_API_KEY=${token}` },
    { id: 'librechat', title: 'LibreChat (librechat.yaml)', text: `endpoints:
  custom:
    - name: "OauthRouter"
      apiKey: "${token}"
      baseURL: "${base}"
      models:
        default: ["${model}"]
        fetch: true
      titleConvo: true
      titleModel: "current_model"
      modelDisplayLabel: "OauthRouter"` },
  ];
}

export async function renderSetup(root) {
  const tokens = await api('GET', '/tokens');
  const active = tokens.data.filter((t) => t.state === 'active');
  const base = `${location.origin}/v1`;
  let secret = PLACEHOLDER;
  let models = [];

  const tokenSelect = h('select', { id: 'setup-token' },
    h('option', { value: '' }, 'Placeholder (fill in later)'),
    active.map((t) => h('option', { value: t.name }, t.name)));
  const modelSelect = h('select', { id: 'setup-model' });
  const out = h('div', { id: 'snippets', class: 'snippets' });

  function fillModels() {
    const list = models.length ? models : ['openai/gpt-4o-mini'];
    const previous = modelSelect.value;
    replace(modelSelect, list.map((m) => h('option', { value: m, selected: m === previous }, m)));
  }

  function render() {
    replace(out, snippets(base, secret, modelSelect.value || 'openai/gpt-4o-mini')
      .map((s) => h('div', { 'data-snippet': s.id }, codeBlock(s.title, s.text, `snippet-${s.id}`))));
  }

  tokenSelect.addEventListener('change', async () => {
    secret = PLACEHOLDER;
    if (tokenSelect.value) {
      try {
        secret = (await api('POST', `/tokens/${encodeURIComponent(tokenSelect.value)}/reveal`)).token;
        models = (await routerApi('GET', '/v1/models', secret)).data.map((m) => m.id);
      } catch (e) {
        toast(e.message, 'error');
      }
    }
    fillModels();
    render();
  });
  modelSelect.addEventListener('change', render);

  fillModels();
  render();
  replace(root, h('h1', {}, 'Setup'),
    h('section', { class: 'card' },
      h('p', {}, 'Point any OpenAI-compatible tool at ', h('code', { id: 'setup-base' }, base),
        ' with a router token. Pick a token to fill it in below.'),
      h('div', { class: 'row wrap filters' },
        h('div', { class: 'field' }, h('label', { for: 'setup-token' }, 'Token'), tokenSelect),
        h('div', { class: 'field' }, h('label', { for: 'setup-model' }, 'Model'), modelSelect)),
      h('p', { class: 'hint' }, 'Tools running in containers may need this machine\'s network address '
        + 'instead of localhost.')),
    out);
}
