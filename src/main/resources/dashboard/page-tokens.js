// API tokens page: list, create, reveal, regenerate, revoke, change plan and model allowlist.
import { h, replace, toast, confirmAction, copyText, when, num } from './ui.js';
import { api } from './app.js';

const REVEAL_MS = 30000;

function secretPanel(title, name, secret, note) {
  const panel = h('section', { class: 'card secret', id: 'new-token', 'aria-live': 'polite' },
    h('h2', {}, `${title}: `, h('span', { class: 'name' }, name)),
    h('p', {}, note),
    h('div', { class: 'row wrap' },
      h('code', { class: 'token', id: 'new-token-value' }, secret),
      h('button', { type: 'button', 'on:click': () => copyText(secret) }, 'Copy')),
    h('div', { class: 'row end' },
      h('button', { type: 'button', class: 'quiet', 'on:click': () => panel.remove() }, 'Done')));
  return panel;
}

function usageBar(token) {
  const limit = token.limit;
  const used = token.used || 0;
  const text = limit === null || limit === undefined
    ? `${num(used)} / unlimited` : `${num(used)} / ${num(limit)}`;
  const pct = limit ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  const bar = h('progress', { max: limit ? String(limit) : '1',
    value: limit ? String(Math.min(used, limit)) : '0',
    'aria-label': `Messages this month: ${text}`, class: pct >= 90 ? 'high' : '' });
  return h('div', { class: 'usage' }, bar, h('span', { class: 'small' }, text));
}

export async function renderTokens(root) {
  const [tokens, plans] = await Promise.all([api('GET', '/tokens'), api('GET', '/plans')]);
  const planNames = plans.data.map((p) => p.name);
  const slot = h('div', { id: 'secret-slot' });

  const refresh = async () => {
    const fresh = await api('GET', '/tokens');
    replace(tableSlot, table(fresh.data));
  };

  const act = async (fn, done, reload = true) => {
    try {
      await fn();
      if (done) toast(done);
      if (reload) await refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  };

  const showSecret = (panel) => {
    replace(slot, panel);
    panel.querySelector('button').focus();
  };

  function reveal(token, cell, button) {
    return act(async () => {
      const res = await api('POST', `/tokens/${encodeURIComponent(token.name)}/reveal`);
      const shown = h('div', { class: 'revealed row wrap' },
        h('code', { class: 'token' }, res.token),
        h('button', { type: 'button', class: 'quiet small', 'on:click': () => copyText(res.token) }, 'Copy'));
      cell.appendChild(shown);
      button.disabled = true;
      setTimeout(() => {
        shown.remove();
        button.disabled = false;
      }, REVEAL_MS);
    }, null, false);
  }

  function modelsEditor(token, cell) {
    if (cell.querySelector('form')) return;
    const id = `models-${token.name}`;
    const input = h('input', { id, type: 'text', value: token.models.join(', '),
      placeholder: 'all models', 'aria-describedby': `${id}-hint` });
    const form = h('form', { class: 'inline', 'on:submit': (event) => {
      event.preventDefault();
      const models = input.value.split(',').map((s) => s.trim()).filter((s) => s);
      act(() => api('PUT', `/tokens/${encodeURIComponent(token.name)}/models`, { models }),
        `Model allowlist of ${token.name} saved.`);
    } },
    h('label', { for: id }, `Models for ${token.name}`), input,
    h('p', { class: 'hint', id: `${id}-hint` },
      'Comma-separated, e.g. anthropic/*, openai/gpt-4o. Empty allows all.'),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'small' }, 'Save'),
      h('button', { type: 'button', class: 'quiet small', 'on:click': () => form.remove() }, 'Cancel')));
    cell.appendChild(form);
    input.focus();
  }

  function row(token) {
    const active = token.state === 'active';
    const planSelect = h('select', { 'aria-label': `Plan of ${token.name}`, disabled: !active,
      'on:change': (event) => act(() => api('PUT', `/tokens/${encodeURIComponent(token.name)}/plan`,
        { plan: event.target.value }), `${token.name} is now on the ${event.target.value} plan.`) },
    planNames.map((p) => h('option', { value: p, selected: p === token.plan }, p)));
    const actions = h('td', { 'data-label': 'Actions', class: 'actions' });
    const revealButton = h('button', { type: 'button', class: 'quiet small',
      'on:click': () => reveal(token, actions, revealButton) }, 'Reveal');
    const buttons = h('div', { class: 'row wrap' }, revealButton,
      active && h('button', { type: 'button', class: 'quiet small',
        'on:click': () => modelsEditor(token, actions) }, 'Models'),
      active && h('button', { type: 'button', class: 'quiet small', 'on:click': async () => {
        if (!await confirmAction('Regenerate token?',
          `The current secret of "${token.name}" stops working at once. Plan and usage stay.`,
          'Regenerate')) return;
        act(async () => {
          const res = await api('POST', `/tokens/${encodeURIComponent(token.name)}/regenerate`);
          showSecret(secretPanel('New secret', res.name, res.token,
            'Copy it now. The old secret no longer works.'));
        });
      } }, 'Regenerate'),
      active && h('button', { type: 'button', class: 'danger small', 'on:click': async () => {
        if (!await confirmAction('Revoke token?',
          `"${token.name}" stops working at once. This cannot be undone.`, 'Revoke')) return;
        act(() => api('POST', `/tokens/${encodeURIComponent(token.name)}/revoke`), `${token.name} revoked.`);
      } }, 'Revoke'));
    actions.appendChild(buttons);
    return h('tr', { 'data-token': token.name },
      h('th', { scope: 'row', 'data-label': 'Name' }, h('span', { class: 'name' }, token.name),
        token.models.length ? h('span', { class: 'hint block' }, `Models: ${token.models.join(', ')}`) : null,
        token.expires_at ? h('span', { class: 'hint block' }, `Expires ${when(token.expires_at)}`) : null),
      h('td', { 'data-label': 'Plan' }, planSelect),
      h('td', { 'data-label': 'This month' }, usageBar(token)),
      h('td', { 'data-label': 'Last used', class: 'nowrap' }, when(token.last_used_at)),
      h('td', { 'data-label': 'State' }, h('span', { class: `badge ${token.state}` }, token.state)),
      actions);
  }

  function table(list) {
    if (!list.length) return h('p', { class: 'muted empty' }, 'No tokens yet. Create one above.');
    return h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'tokens' },
      h('caption', { class: 'sr-only' }, 'Router tokens'),
      h('thead', {}, h('tr', {}, ['Name', 'Plan', 'This month', 'Last used', 'State', 'Actions']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map(row))));
  }

  const name = h('input', { id: 'token-name', name: 'name', required: true, maxlength: '64',
    autocomplete: 'off', 'aria-describedby': 'token-name-hint' });
  const plan = h('select', { id: 'token-plan', name: 'plan' },
    planNames.map((p) => h('option', { value: p }, p + limitText(plans.data.find((x) => x.name === p)))));
  const models = h('input', { id: 'token-models', name: 'models', autocomplete: 'off',
    placeholder: 'all models' });
  const expires = h('input', { id: 'token-expires', name: 'expires', type: 'date' });
  const create = h('form', { class: 'card', id: 'create-token', 'on:submit': (event) => {
    event.preventDefault();
    const body = { name: name.value.trim(), plan: plan.value };
    const list = models.value.split(',').map((s) => s.trim()).filter((s) => s);
    if (list.length) body.models = list;
    if (expires.value) body.expires_at = expires.value;
    act(async () => {
      const res = await api('POST', '/tokens', body);
      create.reset();
      showSecret(secretPanel('Token created', res.name, res.token,
        'Copy it now. You can reveal it again later from the table below.'));
    });
  } },
  h('h2', {}, 'New token'),
  h('div', { class: 'grid' },
    h('div', { class: 'field' }, h('label', { for: 'token-name' }, 'Name'), name,
      h('p', { class: 'hint', id: 'token-name-hint' }, 'Letters, digits, dot, dash, underscore.')),
    h('div', { class: 'field' }, h('label', { for: 'token-plan' }, 'Plan'), plan),
    h('div', { class: 'field' }, h('label', { for: 'token-models' }, 'Models (optional)'), models),
    h('div', { class: 'field' }, h('label', { for: 'token-expires' }, 'Expires (optional)'), expires)),
  h('div', { class: 'row end' }, h('button', { type: 'submit' }, 'Create token')));

  const tableSlot = h('div', {}, table(tokens.data));
  replace(root, h('h1', {}, 'API tokens'), slot, create, tableSlot);
}

function limitText(plan) {
  if (!plan) return '';
  return plan.limit === null ? ' (unlimited)' : ` (${num(plan.limit)} / month)`;
}
