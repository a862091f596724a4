// Dashboard shell: session handling, the admin API client and page dispatch.
import { h, replace, toast } from './ui.js';
import { renderTokens } from './page-tokens.js';
import { renderProviders } from './page-providers.js';
import { renderUsage } from './page-usage.js';
import { renderSetup } from './page-setup.js';

const PAGES = {
  api: { title: 'API tokens', render: renderTokens },
  providers: { title: 'Providers', render: renderProviders },
  usage: { title: 'Usage', render: renderUsage },
  setup: { title: 'Setup', render: renderSetup },
};

let csrfToken = '';

/** An admin API call failed; `status` is the HTTP status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(url, method, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const message = data && data.error && data.error.message ? data.error.message : `HTTP ${res.status}`;
    if (res.status === 401 && url.startsWith('/admin/api')) {
      showSignIn('Your session ended. Sign in again.');
    }
    throw new ApiError(res.status, message);
  }
  return data;
}

/** Calls the admin API: `api('GET', '/tokens')`. */
export function api(method, path, body) {
  return call(`/admin/api${path}`, method, body);
}

/** Calls the router's OpenAI API with a router token. */
export function routerApi(method, path, token) {
  return call(path, method, undefined, { Authorization: `Bearer ${token}` });
}

function page() {
  const name = location.pathname.replace(/\/+$/, '').split('/').pop();
  return PAGES[name] ? name : 'api';
}

function main() {
  return document.getElementById('main');
}

function showOff() {
  document.title = 'OauthRouter dashboard';
  replace(main(), h('section', { class: 'card narrow' },
    h('h1', {}, 'The dashboard is off'),
    h('p', {}, 'No admin key is configured, so the admin API and this dashboard are turned off.'),
    h('p', {}, 'Set ', h('code', {}, 'admin.key'), ' in the router\'s config file (for example ',
      h('code', {}, 'key: "${OAUTHROUTER_ADMIN_KEY}"'), ') and restart the router.')));
}

function showSignIn(notice) {
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.title = 'Sign in · OauthRouter';
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, notice || '');
  const input = h('input', { id: 'admin-key', name: 'key', type: 'password', required: true,
    autocomplete: 'current-password', 'aria-describedby': 'sign-in-error' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card narrow', id: 'sign-in', method: 'post', action: '/dashboard/session',
    'on:submit': async (event) => {
      event.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        const res = await call('/dashboard/session', 'POST', { key: input.value });
        csrfToken = res.csrf_token;
        input.value = '';
        await start();
      } catch (e) {
        error.textContent = e.status === 401 ? 'Wrong admin key.' : e.message;
        input.select();
      } finally {
        button.disabled = false;
      }
    } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'muted' }, 'Use the admin key from the router\'s configuration.'),
  h('label', { for: 'admin-key' }, 'Admin key'), input, error, h('div', { class: 'row end' }, button));
  replace(main(), form);
  input.focus();
}

async function start() {
  const session = await call('/dashboard/session', 'GET');
  if (!session.admin_enabled) {
    showOff();
    return;
  }
  if (!session.signed_in) {
    showSignIn();
    return;
  }
  csrfToken = session.csrf_token;
  const current = page();
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${PAGES[current].title} · OauthRouter`;
  const root = replace(main());
  try {
    await PAGES[current].render(root);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      replace(root, h('p', { class: 'error', role: 'alert' }, `Could not load the page: ${e.message}`));
    }
  }
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await call('/dashboard/session', 'DELETE');
  } catch (e) {
    toast(e.message, 'error');
  }
  csrfToken = '';
  showSignIn('Signed out.');
});

start().catch((e) => replace(main(), h('p', { class: 'error', role: 'alert' }, e.message)));
