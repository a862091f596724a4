// Providers page: credential kind and status, last error, model count, and a live check.
import { h, replace, when, num } from './ui.js';
import { api } from './app.js';

const STATUS_TEXT = {
  active: 'Active',
  expiring: 'Expiring',
  needs_relogin: 'Needs re-login',
  cooling_down: 'Cooling down',
  not_configured: 'Not configured',
};

const KIND_TEXT = { api_key: 'API key', oauth: 'OAuth', client_credentials: 'Client credentials' };

function statusText(p) {
  const text = STATUS_TEXT[p.status] || p.status;
  return p.status === 'cooling_down' && p.cooling_until ? `${text} until ${when(p.cooling_until)}` : text;
}

export async function renderProviders(root) {
  const res = await api('GET', '/providers');
  const configured = res.data.filter((p) => p.configured);
  const others = res.data.filter((p) => !p.configured);

  function row(p) {
    const result = h('p', { class: 'check-result small', 'aria-live': 'polite' });
    const statusCell = h('span', { class: `badge ${p.status}` }, statusText(p));
    const errorCell = h('td', { 'data-label': 'Last error', class: p.last_error ? 'error-text' : 'muted' },
      p.last_error || '—');
    const button = h('button', { type: 'button', class: 'quiet small', 'aria-label': `Check ${p.name}`,
      'on:click': async () => {
        button.disabled = true;
        result.textContent = 'Checking…';
        try {
          const check = await api('POST', `/providers/${encodeURIComponent(p.name)}/check`);
          result.textContent = check.message;
          result.className = `check-result small ${check.ok ? 'ok' : 'error'}`;
          statusCell.className = `badge ${check.status}`;
          statusCell.textContent = STATUS_TEXT[check.status] || check.status;
          errorCell.textContent = check.ok ? '—' : check.message;
          errorCell.className = check.ok ? 'muted' : 'error-text';
        } catch (e) {
          result.textContent = e.message;
          result.className = 'check-result small error';
        } finally {
          button.disabled = false;
        }
      } }, 'Check');
    return h('tr', { 'data-provider': p.name },
      h('th', { scope: 'row', 'data-label': 'Provider' }, p.name),
      h('td', { 'data-label': 'Credential' }, KIND_TEXT[p.kind] || p.kind),
      h('td', { 'data-label': 'Status' }, statusCell),
      errorCell,
      h('td', { 'data-label': 'Models' }, num(p.models)),
      h('td', { 'data-label': 'Check', class: 'actions' }, button, result));
  }

  const table = configured.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'providers' },
      h('caption', { class: 'sr-only' }, 'Configured providers'),
      h('thead', {}, h('tr', {}, ['Provider', 'Credential', 'Status', 'Last error', 'Models', 'Check']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, configured.map(row))))
    : h('p', { class: 'muted empty' },
      'No provider is configured. Add one under providers in the config file.');

  const rest = others.length
    ? h('details', { class: 'card' },
      h('summary', {}, `Not configured (${others.length})`),
      h('p', { class: 'muted' },
        'Built-in providers you can enable by giving them a credential in the config file.'),
      h('ul', { class: 'chips' }, others.map((p) => h('li', {}, p.name))))
    : null;

  replace(root, h('h1', {}, 'Providers'), table, rest);
}
