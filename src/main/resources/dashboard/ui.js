// Small DOM helpers. Text always goes in through text nodes, never as markup, so user-supplied
// names (token names, error messages) are shown as typed.

/** Creates an element; attrs may hold `class`, `on:event` handlers, booleans and strings. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on:')) el.addEventListener(key.slice(3), value);
    else if (key === 'class') el.className = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let toastTimer;

/** Shows a short message in the live region. */
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.dataset.kind = kind;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 5000);
}

/** Asks for confirmation in a modal dialog; resolves to true when confirmed. */
export function confirmAction(title, text, action = 'Confirm') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = action;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

/** Copies text to the clipboard, with a fallback for pages not served over HTTPS. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      toast('Copied to the clipboard.');
      return;
    }
  } catch (e) {
    // fall through to the selection-based copy
  }
  const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true', readonly: true });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  toast(ok ? 'Copied to the clipboard.' : 'Copy failed: select the text and copy it by hand.',
    ok ? 'info' : 'error');
}

/** A code block with a copy button. */
export function codeBlock(label, text, id) {
  const code = h('code', { id }, text);
  return h('figure', { class: 'snippet' },
    h('figcaption', {}, h('span', {}, label),
      h('button', { type: 'button', class: 'quiet small', 'aria-label': `Copy ${label}`,
        'on:click': () => copyText(code.textContent) }, 'Copy')),
    h('pre', { tabindex: '0' }, code));
}

/** Formats an ISO instant for people, or a dash. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, { year: sameYear ? undefined : 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit' });
}

/** Formats a number with grouping. */
export function num(n) {
  return Number(n || 0).toLocaleString('en-US');
}

/** Returns the current month in UTC as YYYY-MM. */
export function thisMonth() {
  return new Date().toISOString().slice(0, 7);
}
