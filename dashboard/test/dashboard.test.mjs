// Browser tests of the dashboard in Chromium, against a running router with a fake upstream.
// Environment: ROUTER_URL (e.g. http://127.0.0.1:8080), ADMIN_KEY, SCREENSHOT_DIR; CHROMIUM optional.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.ROUTER_URL;
// a second router without an admin key, optional
const OFF_BASE = process.env.ROUTER_WITHOUT_ADMIN_KEY_URL;
const ADMIN_KEY = process.env.ADMIN_KEY;
const SHOTS = process.env.SCREENSHOT_DIR || join(process.cwd(), 'screenshots');
const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_MODEL = '<img/src=x/onerror=window.__xss=1>';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

assert.ok(BASE, 'ROUTER_URL is required');
assert.ok(ADMIN_KEY, 'ADMIN_KEY is required');

let context;
let page;
let profile;
const dialogs = [];
const pageErrors = [];
const secrets = {};

async function admin(method, path, body) {
  const res = await fetch(`${BASE}/admin/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return res.json();
}

async function chat(token) {
  const res = await fetch(`${BASE}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  return { status: res.status, body: await res.json() };
}

async function waitFor(predicate, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function row(name) {
  return page.locator(`#tokens tbody tr[data-token="${name}"]`);
}

async function goto(path) {
  const response = await page.goto(`${BASE}${path}`);
  await page.locator('main h1').first().waitFor();
  return response;
}

async function screenshot(name) {
  // the transient notice would float over the middle of a full-page capture
  await page.evaluate(() => document.getElementById('toast').classList.remove('show'));
  await page.waitForTimeout(300);
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'oauthrouter-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: DESKTOP,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(10000);
  page = context.pages()[0] || await context.newPage();
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  if (context) await context.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the dashboard redirects to the tokens page and sends a strict policy', async () => {
  const response = await page.goto(`${BASE}/dashboard`);
  assert.equal(new URL(page.url()).pathname, '/dashboard/api');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await page.locator('#sign-in').waitFor();
  await screenshot('sign-in');
});

test('a wrong admin key is refused, the right one signs in', async () => {
  await page.fill('#admin-key', 'not-the-key');
  await page.click('#sign-in button[type=submit]');
  await page.locator('#sign-in-error', { hasText: 'Wrong admin key.' }).waitFor();
  assert.equal(await page.locator('#nav').isHidden(), true);
  await page.fill('#admin-key', ADMIN_KEY);
  await page.click('#sign-in button[type=submit]');
  await page.locator('main h1', { hasText: 'API tokens' }).waitFor();
  const cookie = (await context.cookies(BASE)).find((c) => c.name === 'oauthrouter_session');
  assert.ok(cookie, 'session cookie set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('oauthrouter_session')), false);
  assert.equal(page.url().includes(ADMIN_KEY), false, 'the key never goes into a URL');
});

test('a created token is shown once and works on the chat API', async () => {
  await page.fill('#token-name', 'laptop');
  await page.selectOption('#token-plan', 'free');
  await page.click('#create-token button[type=submit]');
  const value = page.locator('#new-token-value');
  await value.waitFor();
  secrets.laptop = (await value.textContent()).trim();
  assert.match(secrets.laptop, /^lr_live_[0-9A-Za-z]{20,}$/);
  await row('laptop').waitFor();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await page.locator('#new-token').getByRole('button', { name: 'Copy' }).click();
  await page.locator('#toast.show', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secrets.laptop);
  const answer = await chat(secrets.laptop);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.choices[0].message.content, 'Hello from upstream');
  await screenshot('token-created');
});

test('reveal shows the token on click and hides it again', { timeout: 60000 }, async () => {
  await goto('/dashboard/api');
  await row('laptop').getByRole('button', { name: 'Reveal' }).click();
  const shown = row('laptop').locator('.revealed code.token');
  await shown.waitFor();
  assert.equal((await shown.textContent()).trim(), secrets.laptop);
  await shown.waitFor({ state: 'detached', timeout: 40000 });
});

test('regenerate asks first, then the old secret gets 401', async () => {
  await row('laptop').getByRole('button', { name: 'Regenerate' }).click();
  await page.locator('#confirm[open]').waitFor();
  await page.click('#confirm-ok');
  const value = page.locator('#new-token-value');
  await waitFor(async () => (await value.count()) === 1
    && (await value.textContent()).trim() !== secrets.laptop, 'the new secret');
  const fresh = (await value.textContent()).trim();
  assert.match(fresh, /^lr_live_/);
  const old = await chat(secrets.laptop);
  assert.equal(old.status, 401);
  secrets.laptop = fresh;
  assert.equal((await chat(fresh)).status, 200);
});

test('changing the plan takes effect', async () => {
  await goto('/dashboard/api');
  await row('laptop').locator('select').selectOption('pro');
  const laptopPlan = async () => (await admin('GET', '/tokens')).data.find((t) => t.name === 'laptop').plan;
  await waitFor(async () => (await laptopPlan()) === 'pro', 'the plan change');
  await row('laptop').locator('.usage', { hasText: '/ 5,000' }).waitFor();
});

test('a token name or model list with markup is shown as text', async () => {
  await goto('/dashboard/api');
  await page.fill('#token-name', XSS_NAME);
  await page.click('#create-token button[type=submit]');
  await page.locator('#toast.show', { hasText: 'name must be' }).waitFor();
  await page.fill('#token-name', 'markup');
  await page.fill('#token-models', XSS_MODEL);
  await page.click('#create-token button[type=submit]');
  await page.locator('#new-token-value').waitFor();
  await row('markup').waitFor();
  assert.equal(await page.locator('main img').count(), 0);
  assert.ok((await row('markup').textContent()).includes(XSS_MODEL));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await goto('/dashboard/usage');
  await goto('/dashboard/setup');
  await goto('/dashboard/api');
  assert.equal(await page.locator('main img').count(), 0);
  assert.deepEqual(dialogs, []);
});

test('the usage page shows the requests the admin API reports', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await chat(secrets.laptop)).status, 200);
  let report;
  await waitFor(async () => {
    report = await admin('GET', '/usage');
    const laptop = report.by_token.find((r) => r.token === 'laptop');
    return laptop && laptop.requests === 5;
  }, 'usage rows');
  await goto('/dashboard/usage');
  const total = page.locator('[data-total=requests]');
  await total.waitFor();
  assert.equal(await total.textContent(), report.totals.requests.toLocaleString('en-US'));
  assert.equal(await page.locator('[data-total=prompt_tokens]').textContent(),
    report.totals.prompt_tokens.toLocaleString('en-US'));
  assert.equal(await page.locator('[data-total=completion_tokens]').textContent(),
    report.totals.completion_tokens.toLocaleString('en-US'));
  const byToken = page.locator('#usage-by-token tbody tr', { hasText: 'laptop' });
  assert.equal(await byToken.locator('td').first().textContent(), '5');
  const byModel = page.locator('#usage-by-model tbody tr').first();
  assert.equal(await byModel.locator('th').textContent(), report.by_model[0].model);
  assert.equal(await byModel.locator('td').first().textContent(), String(report.by_model[0].requests));
  const charts = await page.evaluate(() => ['chart-requests', 'chart-tokens', 'chart-models']
    .map((id) => Boolean(window.Chart && window.Chart.getChart(document.getElementById(id)))));
  assert.deepEqual(charts, [true, true, true]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#usage-csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^section,key,requests,prompt_tokens,completion_tokens\r\n/);
  assert.ok(csv.includes(`token,laptop,5,`), csv);
  assert.ok(csv.includes(`total,${report.month},${report.totals.requests},`), csv);
  await page.selectOption('#usage-token', 'laptop');
  await page.click('form.filters button[type=submit]');
  await page.locator('[data-total=requests]', { hasText: '5' }).waitFor();
  await screenshot('usage');
});

test('the setup page fills in the server address and the chosen token', async () => {
  await goto('/dashboard/setup');
  await page.selectOption('#setup-token', 'laptop');
  const snippets = page.locator('[data-snippet]');
  await waitFor(async () => (await page.locator('#snippet-curl').textContent()).includes(secrets.laptop),
    'the token in the snippets');
  const ids = await snippets.evaluateAll((els) => els.map((e) => e.dataset.snippet));
  assert.deepEqual(ids,
    ['curl', 'python', 'javascript', 'cursor', 'cline', 'continue', 'openwebui', 'librechat']);
  for (const id of ids) {
    const text = await page.locator(`#snippet-${id}`).textContent();
    assert.ok(text.includes(`${BASE}/v1`), `${id} has the address`);
    assert.ok(text.includes(secrets.laptop), `${id} has the token`);
  }
  const models = await page.locator('#setup-model option').allTextContents();
  assert.ok(models.includes('openai/gpt-4o-mini'), models.join());
  await screenshot('setup');
});

test('the providers page shows status and checks a provider', async () => {
  await goto('/dashboard/providers');
  const openai = page.locator('#providers tr[data-provider="openai"]');
  await openai.waitFor();
  assert.ok((await openai.textContent()).includes('API key'));
  assert.ok((await openai.textContent()).includes('Active'));
  await openai.getByRole('button', { name: 'Check openai' }).click();
  await openai.locator('.check-result.ok', { hasText: 'answered with 3 models' }).waitFor();
  await screenshot('providers');
});

test('revoking asks first, then the token stops working', async () => {
  await goto('/dashboard/api');
  await page.fill('#token-name', 'ci-runner');
  await page.selectOption('#token-plan', 'starter');
  await page.click('#create-token button[type=submit]');
  await row('ci-runner').waitFor();
  await row('laptop').getByRole('button', { name: 'Revoke' }).click();
  await page.locator('#confirm[open]').waitFor();
  await page.click('#confirm-ok');
  await row('laptop').locator('.badge.revoked').waitFor();
  assert.equal((await chat(secrets.laptop)).status, 401);
  await page.locator('#new-token').evaluate((e) => e.remove()).catch(() => {});
  await screenshot('tokens');
});

test('every page is keyboard usable: controls have labels, skip link first', async () => {
  for (const name of ['api', 'providers', 'usage', 'setup']) {
    await goto(`/dashboard/${name}`);
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter((el) => !el.closest('[hidden]') && !el.labels?.length && !el.getAttribute('aria-label')
        && !el.textContent.trim())
      .map((el) => el.outerHTML));
    assert.deepEqual(unlabeled, [], name);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content', name);
  }
  await goto('/dashboard/api');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'API tokens');
});

test('without an admin key the dashboard says it is off', { skip: !OFF_BASE }, async () => {
  const off = await context.newPage();
  await off.goto(`${OFF_BASE}/dashboard/api`);
  await off.locator('main h1', { hasText: 'The dashboard is off' }).waitFor();
  assert.ok((await off.locator('main').textContent()).includes('admin.key'));
  assert.equal(await off.locator('#nav').isHidden(), true);
  const status = await off.evaluate(async () => (await fetch('/admin/api/tokens')).status);
  assert.equal(status, 404);
  await off.screenshot({ path: join(SHOTS, 'off-desktop.png') });
  await off.close();
});

test('signing out ends the session', async () => {
  await page.click('#sign-out');
  await page.locator('#sign-in').waitFor();
  const res = await page.evaluate(async () => (await fetch('/admin/api/tokens')).status);
  assert.equal(res, 401);
  assert.deepEqual(pageErrors, []);
});
