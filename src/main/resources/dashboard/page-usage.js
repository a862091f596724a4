// Usage page: requests and tokens per day for a month, by model and by token; charts, tables, CSV.
import { h, replace, num, thisMonth, toast } from './ui.js';
import { api } from './app.js';

const COLORS = ['#2f6f6a', '#c7833a', '#5b6fb5', '#a2536b', '#6c8f3a', '#7a6a58', '#3a8fb0', '#b0563a'];
const charts = [];

function daysOf(month) {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

function csvCell(value) {
  const s = String(value ?? '');
  // a leading =, +, - or @ would be run as a formula by spreadsheet programs
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Returns the report as CSV: one section per breakdown. */
export function toCsv(report) {
  const lines = [['section', 'key', 'requests', 'prompt_tokens', 'completion_tokens']];
  const add = (section, key, r) => lines.push(
    [section, key, r.requests, r.prompt_tokens, r.completion_tokens]);
  add('total', report.month, report.totals);
  report.by_day.forEach((r) => add('day', r.day, r));
  report.by_model.forEach((r) => add('model', r.model, r));
  report.by_token.forEach((r) => add('token', r.token, r));
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function table(id, caption, keyName, rows, key) {
  if (!rows.length) return h('p', { class: 'muted empty' }, `No ${caption.toLowerCase()} for this month.`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'numbers', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, [keyName, 'Requests', 'Prompt tokens', 'Completion tokens']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, r[key]), h('td', {}, num(r.requests)),
      h('td', {}, num(r.prompt_tokens)), h('td', {}, num(r.completion_tokens)))))));
}

function chart(canvas, config) {
  if (!window.Chart) {
    canvas.replaceWith(h('p', { class: 'error' }, 'The chart library did not load.'));
    return;
  }
  charts.push(new window.Chart(canvas, config));
}

function chartBox(id, label) {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': label });
  return { canvas, box: h('figure', { class: 'card chart' }, h('figcaption', {}, label),
    h('div', { class: 'chart-area' }, canvas)) };
}

const baseOptions = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
  scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false } } },
};

export async function renderUsage(root) {
  const tokens = await api('GET', '/tokens');
  const month = h('input', { id: 'usage-month', type: 'month', value: thisMonth(), required: true });
  const token = h('select', { id: 'usage-token' }, h('option', { value: '' }, 'All tokens'),
    tokens.data.map((t) => h('option', { value: t.name }, t.name)));
  const exportButton = h('button', { type: 'button', class: 'quiet', id: 'usage-csv', disabled: true },
    'Export CSV');
  const out = h('div', { id: 'usage-out', 'aria-live': 'polite' });
  let report = null;

  async function load() {
    const params = new URLSearchParams({ month: month.value || thisMonth() });
    if (token.value) params.set('token', token.value);
    try {
      report = await api('GET', `/usage?${params}`);
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    exportButton.disabled = false;
    charts.splice(0).forEach((c) => c.destroy());
    const byDay = new Map(report.by_day.map((r) => [r.day, r]));
    const days = daysOf(report.month);
    const pick = (f) => days.map((d) => (byDay.get(d) ? byDay.get(d)[f] : 0));
    const labels = days.map((d) => String(Number(d.slice(8))));
    const t = report.totals;
    const totals = h('div', { class: 'stats', id: 'usage-totals' },
      h('div', { class: 'stat' }, h('span', { class: 'label' }, 'Requests'),
        h('span', { class: 'value', 'data-total': 'requests' }, num(t.requests))),
      h('div', { class: 'stat' }, h('span', { class: 'label' }, 'Prompt tokens'),
        h('span', { class: 'value', 'data-total': 'prompt_tokens' }, num(t.prompt_tokens))),
      h('div', { class: 'stat' }, h('span', { class: 'label' }, 'Completion tokens'),
        h('span', { class: 'value', 'data-total': 'completion_tokens' }, num(t.completion_tokens))));
    const requests = chartBox('chart-requests', `Requests per day, ${report.month}`);
    const tokensChart = chartBox('chart-tokens', `Tokens per day, ${report.month}`);
    const models = chartBox('chart-models', 'Requests by model');
    replace(out, totals, h('div', { class: 'charts' }, requests.box, tokensChart.box, models.box),
      table('usage-by-day', 'By day', 'Day', report.by_day, 'day'),
      table('usage-by-model', 'By model', 'Model', report.by_model, 'model'),
      table('usage-by-token', 'By token', 'Token', report.by_token, 'token'));
    chart(requests.canvas, { type: 'bar', data: { labels, datasets: [{ label: 'Requests',
      data: pick('requests'), backgroundColor: COLORS[0], borderRadius: 3 }] },
    options: { ...baseOptions, plugins: { legend: { display: false } } } });
    chart(tokensChart.canvas, { type: 'bar', data: { labels, datasets: [
      { label: 'Prompt', data: pick('prompt_tokens'), backgroundColor: COLORS[2], borderRadius: 3 },
      { label: 'Completion', data: pick('completion_tokens'), backgroundColor: COLORS[1],
        borderRadius: 3 }] },
    options: { ...baseOptions, scales: { x: { stacked: true, grid: { display: false } },
      y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } });
    chart(models.canvas, { type: 'doughnut', data: { labels: report.by_model.map((r) => r.model),
      datasets: [{ data: report.by_model.map((r) => r.requests),
        backgroundColor: report.by_model.map((_, i) => COLORS[i % COLORS.length]) }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } } });
  }

  exportButton.addEventListener('click', () => {
    if (!report) return;
    const blob = new Blob([toCsv(report)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const suffix = token.value ? `-${token.value}` : '';
    const link = h('a', { href: url, download: `usage-${report.month}${suffix}.csv` });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  const form = h('form', { class: 'card row wrap filters', 'on:submit': (e) => {
    e.preventDefault();
    load();
  } },
  h('div', { class: 'field' }, h('label', { for: 'usage-month' }, 'Month'), month),
  h('div', { class: 'field' }, h('label', { for: 'usage-token' }, 'Token'), token),
  h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Show'), exportButton));
  replace(root, h('h1', {}, 'Usage'), form, out);
  await load();
}
