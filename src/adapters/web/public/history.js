// History: your own questions, newest first, searchable; each opens its answer again (#attempt=<id>),
// rebuilt by GET /api/web/attempts/<id>. The same attempt page serves the admin console.
/* global document, location, history, window, URLSearchParams */

import { api, fmt, fmtMs, fmtWhen, h, statusBadge } from './dom.js';
import { errorCard, renderReply } from './answer.js';

const PAGE = 50;

/** One attempt in a list: the question (a link that opens it) and a line of facts. */
export function attemptListItem(a, { showUser = false } = {}) {
  const label = a.question ?? a.sql ?? '(empty)';
  const facts = [fmtWhen(a.createdAt), `writing SQL ${fmtMs(a.generationMs)}`, `running ${fmtMs(a.executionMs)}`];
  if (showUser && a.user) facts.unshift(`${a.user.name} · ${a.platform}`);
  return h(
    'li',
    { class: 'attempt-item' },
    h('a', { href: `#attempt=${a.id}`, class: `attempt-open${a.question ? '' : ' is-sql'}`, text: label }),
    h('div', { class: 'attempt-meta muted' }, statusBadge(a.status), h('span', { text: facts.join(' · ') })),
  );
}

export function createHistoryView(root) {
  const search = h('input', { type: 'search', id: 'history-search', placeholder: 'Search your questions and SQL', autocomplete: 'off', enterkeyhint: 'search' });
  const form = h(
    'form',
    { class: 'toolbar', role: 'search', 'aria-label': 'Search your history' },
    h('label', { for: 'history-search', class: 'visually-hidden', text: 'Search your questions' }),
    search,
    h('button', { type: 'submit' }, 'Search'),
  );
  const count = h('p', { class: 'muted count', role: 'status' });
  const list = h('ul', { class: 'attempt-list', id: 'history-list', 'aria-label': 'Your questions' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Show more');
  root.append(h('div', { class: 'page' }, h('h2', { class: 'page-title', text: 'Your questions' }), form, count, list, more));

  const state = { query: '', offset: 0, seq: 0 };

  async function load(query, append) {
    const seq = ++state.seq;
    if (!append) state.offset = 0;
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(state.offset) });
    if (query) params.set('q', query);
    count.textContent = 'Loading…';
    let body;
    try {
      body = await api(`/history?${params}`);
    } catch (err) {
      count.textContent = `History could not be loaded: ${err.message}`;
      return;
    }
    if (seq !== state.seq) return; // a newer search started meanwhile
    const items = body.attempts.map((a) => attemptListItem(a));
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    state.offset += body.attempts.length;
    more.hidden = !body.hasMore;
    const n = list.childElementCount;
    count.textContent = n === 0 ? (query ? `Nothing in your history matches “${query}”.` : 'No questions yet. Ask one in Chat.') : `${fmt(n)}${body.hasMore ? '+' : ''} ${n === 1 ? 'question' : 'questions'}${query ? ` matching “${query}”` : ''}, newest first.`;
  }

  function submit() {
    state.query = search.value.trim();
    // The search lives in the address, so "Back" from an answer returns to the same results.
    history.replaceState(null, '', state.query ? `#history?${new URLSearchParams({ q: state.query })}` : '#history');
    load(state.query, false);
  }

  let typing;
  search.addEventListener('input', () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(submit, 300);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(typing);
    submit();
  });
  more.addEventListener('click', () => load(state.query, true));

  return {
    async show(params, { focus = true } = {}) {
      state.query = params?.get('q') ?? '';
      search.value = state.query;
      if (focus) search.focus();
      await load(state.query, false);
    },
  };
}

/** One attempt shown again: its question, the rebuilt answer, and the facts of the audit row. */
export function createAttemptView(root, { backHash }) {
  const back = h('a', { class: 'back', href: '#history' }, '← Back');
  const body = h('div', { class: 'attempt-body' });
  root.append(h('div', { class: 'page' }, back, body));

  return {
    async show(id, { focus = true } = {}) {
      back.setAttribute('href', backHash());
      back.textContent = backHash().startsWith('#admin') ? '← Back to Admin' : '← Back to History';
      body.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
      let view;
      try {
        view = await api(`/attempts/${id}`);
      } catch (err) {
        body.replaceChildren(errorCard(err.status === 404 ? 'There is no such answer that you can see.' : `This answer could not be loaded: ${err.message}`));
        return;
      }
      if (location.hash !== `#attempt=${id}`) return; // navigated away meanwhile
      const a = view.attempt;
      const facts = [
        ['Status', a.status.replace(/_/g, ' ')],
        ['Asked', fmtWhen(a.createdAt)],
        ['Writing SQL', fmtMs(a.generationMs)],
        ['Running', fmtMs(a.executionMs)],
        ['SQL from', a.sqlSource ?? '—'],
        ['Model', a.model ?? '—'],
        ['Tokens', a.promptTokens === null ? '—' : `${fmt(a.promptTokens)} + ${fmt(a.completionTokens ?? 0)}`],
      ];
      if (a.user) facts.unshift(['Asked by', `${a.user.name} (${a.platform})`]);
      if (a.feedbackText) facts.push(['Comment', a.feedbackText]);
      const dl = h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
      const turn = h('article', { class: 'turn', 'aria-label': 'Question and answer' });
      if (a.question) turn.append(h('div', { class: 'question', text: a.question }));
      turn.append(renderReply(view.reply, { feedback: a.feedback }));
      body.replaceChildren(turn, dl);
      if (focus) back.focus();
      document.getElementById('status').textContent = 'Answer loaded.';
    },
  };
}
