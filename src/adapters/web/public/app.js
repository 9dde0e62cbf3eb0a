// threadsql in the browser: plain DOM, no framework. Talks only to /api/web on this server.
// Every value from the database or the model goes into the page as text (textContent), never HTML.
/* global document, window, location, history, URLSearchParams, TextDecoderStream */

import { API, api, fmt, h, newId, postHeaders, signedOut } from './dom.js';
import { tableWidget } from './table.js';
import { chartFigure, configureAnswers, csvLink, errorCard, feedbackButtons, renderReply, showSqlButton, sqlBlock } from './answer.js';
import { createAdminView } from './admin.js';
import { createAttemptView, createHistoryView } from './history.js';
import { createSchemaView } from './schema.js';

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
  navChat: $('nav-chat'),
  navAdmin: $('nav-admin'),
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
  state.loadedThread = id;
  if (location.hash !== `#thread=${id}`) history.replaceState(null, '', `#thread=${id}`);
  els.navChat.setAttribute('href', `#thread=${id}`);
  showView('chat');
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
      headers: postHeaders({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify({ text: question, messageId: newId() }),
    });
    if (signedOut(res)) return;
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

// ---------------------------------------------------------------------------------------------
// Answers

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

// ---------------------------------------------------------------------------------------------
// Pages: Chat, History (and one attempt shown again), Schema, Admin — hash routes in this one page.

const views = {
  chat: { section: $('view-chat'), nav: 'chat' },
  history: { section: $('view-history'), nav: 'history', title: 'History', view: createHistoryView($('view-history')) },
  attempt: { section: $('view-attempt'), nav: 'history', title: 'Answer', view: createAttemptView($('view-attempt'), { backHash: () => state.backHash || '#history' }) },
  schema: { section: $('view-schema'), nav: 'schema', title: 'Schema', view: null },
  admin: { section: $('view-admin'), nav: 'admin', title: 'Admin', view: null },
};
let currentView = 'chat';

function showView(name) {
  currentView = name;
  for (const [key, v] of Object.entries(views)) v.section.hidden = key !== name;
  for (const link of document.querySelectorAll('.tabs a')) {
    if (link.dataset.view === views[name].nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (views[name].title) els.title.textContent = views[name].title;
  document.body.dataset.view = name;
}

/** What the hash asks for: a view and its parameter. */
function parseHash() {
  const hash = location.hash;
  let m;
  if ((m = /^#attempt=([0-9a-f-]{36})$/.exec(hash))) return { name: 'attempt', param: m[1] };
  if (hash === '#history' || hash.startsWith('#history?')) return { name: 'history', param: new URLSearchParams(hash.slice(9)) };
  if (hash === '#schema') return { name: 'schema' };
  if (hash === '#admin') return { name: 'admin' };
  return { name: 'chat', param: threadFromHash() };
}

async function route({ focus = true } = {}) {
  const { name, param } = parseHash();
  closeSidebar();
  if (name === 'chat') {
    const id = param || state.threadId || newId();
    if (id !== state.loadedThread) return openThread(id, { focus });
    // Back to the thread already on screen: keep it as it was (answers, scroll, table pages).
    if (location.hash !== `#thread=${id}`) history.replaceState(null, '', `#thread=${id}`);
    showView('chat');
    els.title.textContent = chatTitle();
    if (focus) els.input.focus();
    return;
  }
  showView(name);
  await views[name].view.show(param, { focus });
}

/** Ask from another page (↻ Retry on an attempt shown again): in the current chat thread. */
function askInChat(text) {
  if (currentView !== 'chat') {
    history.pushState(null, '', `#thread=${state.threadId}`);
    showView('chat');
    els.title.textContent = chatTitle();
  }
  ask(text);
}

function chatTitle() {
  return state.threads.find((t) => t.id === state.threadId)?.title ?? 'New thread';
}

// The skip link goes to the question box on Chat and to the page's own content elsewhere; it never
// touches the hash, which the pages use for routing.
$('skip').addEventListener('click', (e) => {
  e.preventDefault();
  if (currentView === 'chat') return els.input.focus();
  const section = views[currentView].section;
  const target = section.querySelector('h2, h1') ?? section;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
});

configureAnswers({ ask: askInChat, announce });
window.addEventListener('hashchange', (e) => {
  // "Back" on an answer opened from History or Admin returns there, search and filters included.
  const from = new URL(e.oldURL).hash;
  if (from.startsWith('#history') || from.startsWith('#admin')) state.backHash = from;
  route();
});

async function init() {
  try {
    state.me = await api('/me');
    els.warehouse.textContent = state.me.warehouse;
    els.who.textContent = `Signed in as ${state.me.user.name} (${state.me.user.role})`;
    // Shared mode: a way out. (Local mode has no sign-in, so nothing to sign out of.)
    const session = await api('/session').catch(() => undefined);
    if (session?.signOut) els.who.append(' · ', h('a', { href: session.signOut, text: 'Sign out' }));
  } catch (err) {
    els.conversation.append(h('p', { class: 'notice error', text: `threadsql is not reachable: ${err.message}` }));
    return;
  }
  const isAdmin = Boolean(state.me.user.isAdmin);
  views.schema.view = createSchemaView(views.schema.section, { isAdmin });
  views.admin.view = createAdminView(views.admin.section, { isAdmin });
  els.navAdmin.hidden = !isAdmin;
  await loadThreads();
  state.threadId = threadFromHash() || newId();
  els.navChat.setAttribute('href', `#thread=${state.threadId}`);
  await route({ focus: parseHash().name === 'chat' });
  document.body.dataset.ready = 'true';
  // The moment the page can be used (bench and the browser test read it).
  window.performance.mark('threadsql-interactive');
}

init();
