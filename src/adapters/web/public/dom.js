// Small DOM and API helpers shared by the page's scripts. Values always enter the page as text.
/* global document, crypto, window */

export const API = '/api/web';

/** Create an element with attributes and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export const fmt = (n) => Number(n).toLocaleString('en-US');

/** The session's CSRF token (shared mode: a script-readable cookie; local mode: none, and none needed). */
export function csrfToken() {
  return document.cookie.match(/(?:^|;\s*)(?:__Host-)?threadsql_csrf=([^;]*)/)?.[1] ?? '';
}

/** Headers every state-changing request carries. */
export function postHeaders(extra = {}) {
  const token = csrfToken();
  return { ...(token ? { 'x-csrf-token': token } : {}), ...extra };
}

/** A 401 means the session ended (8 h idle, signed out, user removed): back to the sign-in page. */
export function signedOut(res) {
  if (res.status !== 401) return false;
  window.location.assign('/signin?reason=expired');
  return true;
}

export async function api(path, options = {}) {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = { accept: 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}), ...(method === 'GET' ? {} : postHeaders()), ...options.headers };
  const res = await fetch(API + path, { ...options, headers });
  if (signedOut(res)) throw Object.assign(new Error('your session ended; sign in again'), { status: 401 });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error || `request failed (${res.status})`), { status: res.status });
  return body;
}

/** A duration for people: "120 ms", "3.4 s"; "—" when unknown. */
export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${fmt(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function fmtWhen(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An attempt status as a small badge; the word is the information, the colour only repeats it. */
export function statusBadge(status) {
  const tone = status === 'success' ? 'ok' : status === 'pending' ? 'info' : 'bad';
  return h('span', { class: `badge ${tone}`, text: status.replace(/_/g, ' ') });
}
