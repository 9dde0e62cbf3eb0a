// threadsql in the browser: plain DOM, no framework. Talks only to /api/web on this server.
// Every value from the database or the model goes into the page as text (textContent), never HTML.
/* global document, window, location, history, navigator, TextDecoderStream */

import { API, api, fmt, h, newId } from './dom.js';
import { tableWidget } from './table.js';

const $ = (id) => document.getElementById(id);
const els = {
  threads: $('thread-list'),
  newThread: $('new-thread'),
  conversation: $('conversation'),
  title: $('thread-title'),
  warehouse: $('warehouse'),
  who: $('who'),
  composer: $('composer'),
  input: $('composer-input'),
  send: $('send'),
  status: $('status'),
  sidebar: $('sidebar'),
  toggle: $('toggle-threads'),
};

const state = { threadId: '', me: null, busy: false, lastQuestion: '', threads: [] };

function announce(text) {
  els.status.textContent = text;
}

function scrollToEnd() {
  els.conversation.scrollTop = els.conversation.scrollHeight;
}

// ---------------------------------------------------------------------------------------------
// Threads

function threadFromHash() {
  const m = /^#thread=([A-Za-z0-9_-]{6,64})$/.exec(location.hash);
  return m ? m[1] : '';
}

async function loadThreads() {
  try {
    state.threads = (await api('/threads')).threads;
  } catch (err) {
    state.threads = [];
    console.warn('threads could not be loaded', err);
  }
  renderThreadList();
}

function renderThreadList() {
  const items = state.threads.map((t) =>
    h('li', {}, h('button', { type: 'button', 'aria-current': t.id === state.threadId ? 'page' : undefined, title: t.title, onclick: () => openThread(t.id) }, t.title)),
  );
  if (!state.threads.some((t) => t.id === state.threadId)) {
    items.unshift(h('li', {}, h('button', { type: 'button', 'aria-current': 'page' }, 'New thread')));
  }
  els.threads.replaceChildren(...items);
}

async function openThread(id, { focus = true } = {}) {
  state.threadId = id;
  if (location.hash !== `#thread=${id}`) history.replaceState(null, '', `#thread=${id}`);
  closeSidebar();
  renderThreadList();
  const known = state.threads.find((t) => t.id === id);
  els.title.textContent = known ? known.title : 'New thread';
  els.conversation.replaceChildren();
  let turns = [];
  try {
    turns = (await api(`/threads/${id}`)).turns;
  } catch (err) {
    els.conversation.append(h('p', { class: 'notice error', text: `This thread could not be loaded: ${err.message}` }));
  }
  if (state.threadId !== id) return; // another thread was opened meanwhile
  if (turns.length === 0) renderEmptyState();
  const articles = turns.map(renderHistoryTurn);
  els.conversation.append(...articles);
  const lastAsked = turns.filter((t) => t.question).at(-1);
  state.lastQuestion = lastAsked ? lastAsked.question : '';
  if (focus) els.input.focus();
  // Tables arrive after the turns: scroll to the last question once they have their height.
  await Promise.all(articles.map((a) => a.ready));
  if (state.threadId === id) articles.at(-1)?.scrollIntoView({ block: 'start' });
}

function startNewThread() {
  openThread(newId());
}

function renderEmptyState() {
  const suggestions = state.me?.suggestions ?? [];
  els.conversation.append(
    h(
      'div',
      { class: 'empty-state', id: 'empty-state' },
      h('h2', { text: 'Ask a question about your data' }),
      h('p', { class: 'muted', text: state.me ? `Connected to ${state.me.warehouse}.` : '' }),
      suggestions.length ? h('p', { class: 'muted', text: 'Try one of these:' }) : null,
      h('div', { class: 'suggestions', role: 'list', 'aria-label': 'Example questions' }, suggestions.map((q) => h('button', { type: 'button', role: 'listitem', class: 'suggestion', onclick: () => ask(q) }, q))),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Asking

async function ask(text) {
  const question = text.trim();
  if (!question || state.busy) return;
  state.busy = true;
  state.lastQuestion = question;
  els.send.disabled = true;
  $('empty-state')?.remove();
  if (!state.threads.some((t) => t.id === state.threadId)) els.title.textContent = question;

  const turn = h('article', { class: 'turn', 'aria-label': 'Question and answer' }, h('div', { class: 'question', text: question }));
  const progressText = h('span', { text: 'sending…' });
  const elapsed = h('span', { class: 'muted' });
  const progress = h('div', { class: 'answer progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), progressText, elapsed);
  turn.append(progress);
  els.conversation.append(turn);
  scrollToEnd();

  const started = Date.now();
  const timer = window.setInterval(() => {
    elapsed.textContent = `· ${Math.round((Date.now() - started) / 1000)} s`;
  }, 1000);
  try {
    const res = await fetch(`${API}/threads/${state.threadId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: question, messageId: newId() }),
    });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || `the server answered ${res.status}`);
    }
    let answered = false;
    await readEvents(res, (event, data) => {
      if (event === 'progress') {
        progressText.textContent = data.text;
        announce(data.text);
      } else if (event === 'reply') {
        answered = true;
        progress.replaceWith(renderReply(data));
        announce('Answer ready.');
      } else if (event === 'duplicate' || event === 'failure') {
        answered = true;
        progress.replaceWith(errorCard(data.error));
      }
    });
    if (!answered) progress.replaceWith(errorCard('The connection closed before the answer arrived. Try again.'));
  } catch (err) {
    progress.replaceWith(errorCard(`Could not ask: ${err.message}`));
  } finally {
    window.clearInterval(timer);
    state.busy = false;
    els.send.disabled = false;
    // The answer can be taller than the screen: show it from the question down, not its last button.
    turn.scrollIntoView({ block: 'start' });
    loadThreads();
  }
}

/** Read a text/event-stream response body, calling onEvent(name, data) per event. */
async function readEvents(res, onEvent) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data = [];
      for (const line of chunk.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) onEvent(event, JSON.parse(data.join('\n')));
    }
  }
}

function errorCard(text) {
  return h('div', { class: 'answer error' }, h('p', { text }));
}

// ---------------------------------------------------------------------------------------------
// Answers

/** A live reply from the engine (see reply-json.ts). */
function renderReply(reply) {
  const card = h('div', { class: `answer ${reply.kind}`, 'data-attempt': reply.attemptId ?? undefined });
  const lines = reply.text.trim().split('\n');
  if (reply.kind === 'answer' && lines.length > 1) {
    const receipt = lines.pop();
    card.append(h('p', { class: 'summary', text: lines.join('\n') }), h('p', { class: 'receipt muted', text: receipt }));
  } else {
    card.append(h('p', { class: 'summary', text: reply.text.trim() }));
  }
  const hasSqlButton = reply.actions.some((a) => a.kind === 'show_sql');
  let sqlBox = null;
  const downloads = [];
  for (const part of reply.parts) {
    if (part.kind === 'table') card.append(tableWidget(reply.attemptId, part));
    else if (part.kind === 'chart') card.append(chartFigure(part.url, part.altText, part.width, part.height));
    else if (part.kind === 'notice') {
      if (!reply.text.includes(part.text)) card.append(h('p', { class: `notice ${part.tone}`, text: part.text }));
    } else if (part.kind === 'sql') {
      sqlBox = sqlBlock(part.sql);
      if (hasSqlButton) sqlBox.hidden = true;
    } else if (part.kind === 'csv') downloads.push(csvLink(part.url, part.rowCount, part.truncated));
  }
  if (sqlBox) card.append(sqlBox);
  const actions = h('div', { class: 'actions' });
  for (const action of reply.actions) {
    if (action.kind === 'show_sql' && sqlBox) actions.append(showSqlButton(sqlBox));
    else if (action.kind === 'retry') actions.append(h('button', { type: 'button', onclick: () => ask(action.command) }, '↻ Retry'));
  }
  actions.append(...downloads);
  const feedback = reply.actions.filter((a) => a.kind === 'feedback');
  if (feedback.length && reply.attemptId) actions.append(feedbackButtons(reply.attemptId, null));
  if (actions.childElementCount) card.append(actions);
  return card;
}

/** An earlier turn of the thread, rebuilt from the audit trail (summaries are not stored). */
function renderHistoryTurn(turn) {
  const article = h('article', { class: 'turn', 'aria-label': 'Question and answer' });
  if (turn.question) article.append(h('div', { class: 'question', text: turn.question }));
  const card = h('div', { class: `answer ${turn.status === 'success' ? 'answer' : 'error'}`, 'data-attempt': turn.attemptId });
  const when = new Date(turn.askedAt).toLocaleString();
  if (turn.status === 'success' && turn.result) {
    card.append(h('p', { class: 'receipt muted', text: `${fmt(turn.result.totalRows)} ${turn.result.totalRows === 1 ? 'row' : 'rows'} · asked ${when}` }));
    const table = tableWidget(turn.attemptId, null);
    article.ready = table.ready;
    card.append(table);
    if (turn.result.hasChart) card.append(chartFigure(`${API}/attempts/${turn.attemptId}/chart.png`, 'Chart of this result (drawn when it was asked).'));
  } else {
    card.append(h('p', { text: turn.error || `Status: ${turn.status.replace('_', ' ')}` }), h('p', { class: 'receipt muted', text: `asked ${when}` }));
  }
  let sqlBox = null;
  if (turn.sql) {
    sqlBox = sqlBlock(turn.sql);
    sqlBox.hidden = true;
    card.append(sqlBox);
  }
  const actions = h('div', { class: 'actions' });
  if (sqlBox) actions.append(showSqlButton(sqlBox));
  actions.append(h('button', { type: 'button', onclick: () => ask(`retry ${turn.attemptId}`) }, '↻ Retry'));
  if (turn.result) actions.append(csvLink(`${API}/attempts/${turn.attemptId}/export.csv`, turn.result.exportRowCount, turn.result.exportTruncated));
  if (turn.status === 'success') actions.append(feedbackButtons(turn.attemptId, turn.feedback));
  card.append(actions);
  article.append(card);
  return article;
}

function chartFigure(url, altText, width, height) {
  // Known size (live answers): the space is kept before the image arrives, so nothing jumps.
  const img = h('img', { src: url, alt: altText, width, height });
  const figure = h('figure', {}, img, h('figcaption', { class: 'muted', text: altText }));
  img.addEventListener('error', () => figure.remove());
  return figure;
}

function csvLink(url, rowCount, truncated) {
  const link = h('a', { href: url, download: '', class: 'csv' }, `⬇ Download CSV (${fmt(rowCount)} ${rowCount === 1 ? 'row' : 'rows'})`);
  if (!truncated) return link;
  return h('span', {}, link, ' ', h('span', { class: 'csv-note muted', text: `truncated: only the first ${fmt(rowCount)} rows are in the file` }));
}

// ---------------------------------------------------------------------------------------------
// SQL

const SQL_KEYWORDS = /\b(SELECT|FROM|WHERE|GROUP|BY|ORDER|HAVING|LIMIT|OFFSET|JOIN|LEFT|RIGHT|FULL|INNER|OUTER|CROSS|ON|AS|AND|OR|NOT|IN|IS|NULL|WITH|UNION|ALL|DISTINCT|CASE|WHEN|THEN|ELSE|END|DESC|ASC|BETWEEN|LIKE|ILIKE|OVER|PARTITION|EXISTS|COUNT|SUM|AVG|MIN|MAX)\b/gi;

/** SQL as text nodes, keywords and strings wrapped in spans: highlighted without any HTML parsing. */
function highlightSql(sql) {
  const code = h('code');
  const tokens = /('(?:[^']|'')*')|([A-Za-z_]+)|([^'A-Za-z_]+)/g;
  let m;
  while ((m = tokens.exec(sql))) {
    if (m[1]) code.append(h('span', { class: 'str', text: m[1] }));
    else if (m[2] && new RegExp(`^${SQL_KEYWORDS.source}$`, 'i').test(m[2])) code.append(h('span', { class: 'kw', text: m[2] }));
    else code.append(document.createTextNode(m[0]));
  }
  return code;
}

function sqlBlock(sql) {
  const copy = h('button', { type: 'button', class: 'copy', 'aria-label': 'Copy SQL' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(sql);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Select and copy';
    }
    announce('SQL copied.');
    window.setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });
  return h('div', { class: 'sql' }, h('pre', { 'aria-label': 'SQL' }, highlightSql(sql)), copy);
}

function showSqlButton(box) {
  const button = h('button', { type: 'button', 'aria-expanded': 'false', class: 'show-sql' }, 'Show SQL');
  button.addEventListener('click', () => {
    box.hidden = !box.hidden;
    button.setAttribute('aria-expanded', String(!box.hidden));
    button.textContent = box.hidden ? 'Show SQL' : 'Hide SQL';
  });
  return button;
}

// ---------------------------------------------------------------------------------------------
// Feedback

// Thumb icons as SVG drawn in the DOM: emoji need an emoji font, which many Linux machines lack.
const THUMB_PATHS = {
  up: 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3',
  down: 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17',
};

function thumbIcon(value) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: '18', height: '18', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' })) svg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', THUMB_PATHS[value]);
  svg.append(path);
  return svg;
}

function feedbackButtons(attemptId, current) {
  const make = (value, label) => h('button', { type: 'button', class: 'icon feedback', 'aria-label': label, title: label, 'aria-pressed': String(current === value), 'data-value': value }, thumbIcon(value));
  const up = make('up', 'Good answer');
  const down = make('down', 'Wrong answer');
  const group = h('span', { class: 'feedback-group', role: 'group', 'aria-label': 'Was this answer right?' }, up, down);
  for (const button of [up, down]) {
    button.addEventListener('click', async () => {
      const value = button.dataset.value;
      try {
        await api(`/attempts/${attemptId}/feedback`, { method: 'POST', body: JSON.stringify({ value }) });
        up.setAttribute('aria-pressed', String(value === 'up'));
        down.setAttribute('aria-pressed', String(value === 'down'));
        announce('Thanks for the feedback.');
      } catch (err) {
        announce(`Feedback not saved: ${err.message}`);
      }
    });
  }
  return group;
}

// ---------------------------------------------------------------------------------------------
// Composer and layout

els.composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = els.input.value;
  if (!text.trim() || state.busy) return;
  els.input.value = '';
  ask(text);
});

els.input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    els.composer.requestSubmit();
  } else if (e.key === 'ArrowUp' && els.input.value === '' && state.lastQuestion) {
    e.preventDefault();
    els.input.value = state.lastQuestion;
    els.input.setSelectionRange(els.input.value.length, els.input.value.length);
  }
});

els.newThread.addEventListener('click', startNewThread);

function closeSidebar() {
  els.sidebar.classList.remove('open');
  els.toggle.setAttribute('aria-expanded', 'false');
}
els.toggle.addEventListener('click', () => {
  const open = els.sidebar.classList.toggle('open');
  els.toggle.setAttribute('aria-expanded', String(open));
  if (open) els.newThread.focus();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && els.sidebar.classList.contains('open')) {
    closeSidebar();
    els.toggle.focus();
  }
});
window.addEventListener('hashchange', () => {
  const id = threadFromHash();
  if (id && id !== state.threadId) openThread(id);
});

async function init() {
  try {
    state.me = await api('/me');
    els.warehouse.textContent = state.me.warehouse;
    els.who.textContent = `Signed in as ${state.me.user.name} (${state.me.user.role})`;
  } catch (err) {
    els.conversation.append(h('p', { class: 'notice error', text: `threadsql is not reachable: ${err.message}` }));
    return;
  }
  await loadThreads();
  await openThread(threadFromHash() || newId());
  document.body.dataset.ready = 'true';
}

init();
