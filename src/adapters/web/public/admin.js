// Admin console (admins only; the API answers 403 to anyone else): usage per week as small charts
// and a table, the 👎 inbox, and everyone's attempts with filters — each attempt opens its answer
// again, and a good one can be promoted to a knowledge-base example.
/* global document, URLSearchParams */

import { api, fmt, fmtMs, fmtWhen, h, statusBadge } from './dom.js';
import { announce, svgEl } from './answer.js';

const STATUSES = ['success', 'failed_generation', 'failed_execution', 'timeout', 'not_executed', 'pending'];
const PLATFORMS = ['web', 'slack', 'teams', 'terminal', 'local'];
const WEEKS = 12;

export function createAdminView(root, { isAdmin }) {
  if (!isAdmin) {
    root.append(h('div', { class: 'page' }, h('p', { class: 'notice error', text: 'Only admins can see this page.' })));
    return { show: async () => undefined };
  }
  const usage = h('div', { class: 'usage', id: 'admin-usage' });
  const inbox = h('ul', { class: 'attempt-list', id: 'admin-feedback', 'aria-label': 'Wrong answers reported' });
  const filters = filterForm();
  const count = h('p', { class: 'muted count', role: 'status' });
  const rowsBody = h('tbody');
  const table = h(
    'table',
    { class: 'admin-attempts' },
    h('thead', {}, h('tr', {}, ['Asked', 'Who', 'Question', 'Status', 'Writing SQL', 'Running', 'Tokens', 'Cost', ''].map((c) => h('th', { scope: 'col', text: c })))),
    rowsBody,
  );
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Show more');
  const dialog = promoteDialog();
  root.append(
    h(
      'div',
      { class: 'page admin' },
      h('section', { 'aria-labelledby': 'admin-usage-h' }, h('h2', { id: 'admin-usage-h', class: 'page-title', tabindex: '-1', text: `Usage, last ${WEEKS} weeks` }), usage),
      h('section', { 'aria-labelledby': 'admin-feedback-h' }, h('h2', { id: 'admin-feedback-h', text: 'Feedback inbox: answers marked wrong, newest first' }), inbox),
      h(
        'section',
        { 'aria-labelledby': 'admin-attempts-h' },
        h('h2', { id: 'admin-attempts-h', text: 'All attempts' }),
        filters.form,
        count,
        h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'All attempts' }, table),
        more,
      ),
      dialog.el,
    ),
  );

  const state = { offset: 0, loaded: false, seq: 0 };

  async function loadAttempts(append) {
    const seq = ++state.seq;
    if (!append) state.offset = 0;
    const params = filters.params();
    params.set('limit', '50');
    params.set('offset', String(state.offset));
    count.textContent = 'Loading…';
    let body;
    try {
      body = await api(`/admin/attempts?${params}`);
    } catch (err) {
      count.textContent = `Attempts could not be loaded: ${err.message}`;
      return;
    }
    if (seq !== state.seq) return;
    const rows = body.attempts.map((a) => attemptRow(a, dialog));
    if (append) rowsBody.append(...rows);
    else rowsBody.replaceChildren(...rows);
    state.offset += body.attempts.length;
    more.hidden = !body.hasMore;
    const n = rowsBody.childElementCount;
    count.textContent = n === 0 ? 'No attempts match these filters.' : `${fmt(n)}${body.hasMore ? '+' : ''} ${n === 1 ? 'attempt' : 'attempts'}, newest first.`;
  }

  async function loadUsage() {
    try {
      const { weeks } = await api(`/admin/rollup?weeks=${WEEKS}`);
      usage.replaceChildren(usageCharts(weeks), usageTable(weeks));
    } catch (err) {
      usage.replaceChildren(h('p', { class: 'notice error', text: `Usage could not be loaded: ${err.message}` }));
    }
  }

  async function loadInbox() {
    try {
      const { feedback } = await api('/admin/feedback');
      inbox.replaceChildren(...(feedback.length ? feedback.map(feedbackItem) : [h('li', { class: 'muted', text: 'No answer has been marked wrong yet.' })]));
    } catch (err) {
      inbox.replaceChildren(h('li', { class: 'notice error', text: `Feedback could not be loaded: ${err.message}` }));
    }
  }

  filters.onChange(() => loadAttempts(false));
  more.addEventListener('click', () => loadAttempts(true));

  return {
    async show(_param, { focus = true } = {}) {
      // The page's first heading, not a filter: focusing a control lower down would scroll past the charts.
      if (focus) document.getElementById('admin-usage-h').focus({ preventScroll: true });
      if (!state.loaded) {
        state.loaded = true;
        await Promise.all([loadUsage(), loadInbox(), filters.loadUsers(), loadAttempts(false)]);
      } else {
        await Promise.all([loadUsage(), loadInbox(), loadAttempts(false)]);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Filters

function filterForm() {
  const field = (label, control) => h('label', { class: 'field' }, h('span', { text: label }), control);
  const select = (id, options) => h('select', { id }, h('option', { value: '' }, 'All'), options.map(([v, t]) => h('option', { value: v }, t)));
  const status = select('filter-status', STATUSES.map((s) => [s, s.replace(/_/g, ' ')]));
  const user = select('filter-user', []);
  const platform = select('filter-platform', PLATFORMS.map((p) => [p, p]));
  const from = h('input', { type: 'date', id: 'filter-from' });
  const to = h('input', { type: 'date', id: 'filter-to' });
  const words = h('input', { type: 'search', id: 'filter-q', placeholder: 'words in question or SQL', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter attempts' },
    field('Status', status),
    field('User', user),
    field('Platform', platform),
    field('From', from),
    field('To', to),
    field('Search', words),
    h('button', { type: 'submit' }, 'Apply'),
  );
  let changed = () => undefined;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    changed();
  });
  for (const control of [status, user, platform, from, to]) control.addEventListener('change', () => changed());
  return {
    form,
    onChange: (fn) => (changed = fn),
    params() {
      const p = new URLSearchParams();
      for (const [k, el] of Object.entries({ status, user, platform, from, to, q: words })) if (el.value.trim()) p.set(k, el.value.trim());
      return p;
    },
    async loadUsers() {
      try {
        const { users } = await api('/admin/users');
        user.append(...users.map((u) => h('option', { value: u.id }, `${u.name} (${u.platform}, ${fmt(u.attempts)})`)));
      } catch (err) {
        announce(`Users could not be loaded: ${err.message}`);
      }
    },
  };
}

function attemptRow(a, dialog) {
  const tokens = a.promptTokens === null ? '—' : fmt(a.promptTokens + (a.completionTokens ?? 0));
  const cost = a.costUsd === null ? '—' : `$${a.costUsd.toFixed(4)}`;
  const actions = h('td', { class: 'row-actions' });
  if (a.status === 'success' && a.sql) {
    actions.append(h('button', { type: 'button', class: 'promote', onclick: (e) => dialog.open(a, e.currentTarget) }, 'Promote to KB'));
  }
  return h(
    'tr',
    { 'data-attempt': a.id },
    h('td', { class: 'nowrap', text: fmtWhen(a.createdAt) }),
    h('td', { text: `${a.user?.name ?? ''} · ${a.platform}` }),
    h('td', { class: 'question-cell' }, h('a', { href: `#attempt=${a.id}`, class: a.question ? undefined : 'is-sql', text: a.question ?? a.sql ?? '(empty)' })),
    h('td', {}, statusBadge(a.status)),
    h('td', { class: 'num', text: fmtMs(a.generationMs) }),
    h('td', { class: 'num', text: fmtMs(a.executionMs) }),
    h('td', { class: 'num', text: tokens }),
    h('td', { class: 'num', text: cost }),
    actions,
  );
}

function feedbackItem(f) {
  return h(
    'li',
    { class: 'attempt-item feedback-item' },
    h('a', { href: `#attempt=${f.attemptId}`, class: 'attempt-open', text: f.question ?? f.sql ?? '(empty)' }),
    f.comment ? h('blockquote', { class: 'comment', text: f.comment }) : h('p', { class: 'muted', text: 'No comment.' }),
    h('div', { class: 'attempt-meta muted' }, statusBadge(f.status), h('span', { text: `${f.user.name} · ${f.platform} · marked wrong ${fmtWhen(f.at)}` })),
  );
}

// ---------------------------------------------------------------------------------------------
// Promote to knowledge base

function promoteDialog() {
  const question = h('input', { type: 'text', id: 'promote-question', required: true, maxlength: '300' });
  const tags = h('input', { type: 'text', id: 'promote-tags', placeholder: 'e.g. films, categories', autocomplete: 'off' });
  const sql = h('pre', { class: 'sql-preview', 'aria-label': 'SQL of this answer' });
  const result = h('p', { class: 'muted', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add to knowledge base');
  const cancel = h('button', { type: 'button', value: 'cancel' }, 'Close');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: 'promote-title', text: 'Promote to knowledge base' }),
    h('p', { class: 'muted', text: 'The SQL becomes an example file in the knowledge base: the same question is then answered from it.' }),
    h('label', { for: 'promote-question', text: 'Question' }),
    question,
    h('label', { for: 'promote-tags', text: 'Tags (optional, comma-separated)' }),
    tags,
    sql,
    result,
    h('div', { class: 'actions' }, submit, cancel),
  );
  const el = h('dialog', { class: 'promote-dialog', 'aria-labelledby': 'promote-title' }, form);
  let current = null;
  let opener = null;
  let promoted = () => undefined;
  cancel.addEventListener('click', () => el.close());
  el.addEventListener('close', () => opener?.focus());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!current) return;
    submit.disabled = true;
    result.textContent = 'Checking the example against the warehouse…';
    let saved = false;
    try {
      const body = { question: question.value.trim() };
      const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
      if (tagList.length) body.tags = tagList;
      const r = await api(`/admin/attempts/${current.id}/promote`, { method: 'POST', body: JSON.stringify(body) });
      result.textContent = `Saved as ${r.file} (${fmt(r.rows)} rows when checked). The knowledge base now has ${fmt(r.examples)} examples.`;
      announce(`Promoted to the knowledge base as ${r.file}.`);
      promoted(r);
      saved = true;
    } catch (err) {
      result.textContent = `Not promoted: ${err.message}`;
    } finally {
      // Saved once: a second click would only add a copy (-2) of the same example.
      submit.disabled = saved;
    }
  });
  return {
    el,
    onPromoted: (fn) => (promoted = fn),
    open(attempt, from) {
      current = attempt;
      opener = from;
      question.value = attempt.question ?? '';
      tags.value = '';
      sql.textContent = attempt.sql;
      result.textContent = '';
      submit.disabled = false;
      el.showModal();
      question.focus();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Usage: four small bar charts (attempts, success rate, tokens, cost) and the same numbers as a table

const METRICS = [
  { key: 'attempts', label: 'Attempts', value: (w) => w.attempts, text: (v) => fmt(v) },
  { key: 'successRate', label: 'Success rate', value: (w) => (w.successRate === null ? null : w.successRate * 100), text: (v) => (v === null ? '—' : `${Math.round(v)} %`), max: 100 },
  { key: 'tokens', label: 'Tokens', value: (w) => w.tokens, text: (v) => compact(v) },
  { key: 'costUsd', label: 'Cost', value: (w) => w.costUsd, text: (v) => `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}` },
];

function compact(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : fmt(n);
}

function usageCharts(weeks) {
  return h('div', { class: 'charts' }, METRICS.map((m) => metricChart(m, weeks)));
}

function metricChart(metric, weeks) {
  const W = 240;
  const H = 90;
  const values = weeks.map(metric.value);
  const max = metric.max ?? Math.max(1e-9, ...values.map((v) => v ?? 0));
  const gap = 3;
  const barW = (W - gap * (weeks.length - 1)) / weeks.length;
  const latest = values.at(-1);
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H + 1}`, class: 'bars', role: 'img', 'aria-label': `${metric.label} per week, oldest to newest: ${values.map((v) => metric.text(v)).join(', ')}` });
  svg.append(svgEl('line', { x1: 0, x2: W, y1: H + 0.5, y2: H + 0.5, class: 'axis' }));
  weeks.forEach((w, i) => {
    const v = values[i];
    const x = i * (barW + gap);
    const height = v === null ? 0 : Math.max(v > 0 ? 2 : 0, (v / max) * (H - 4));
    const bar = svgEl('rect', { x: x.toFixed(1), y: (H - height).toFixed(1), width: barW.toFixed(1), height: height.toFixed(1), rx: 2, class: i === weeks.length - 1 ? 'bar latest' : 'bar' });
    const title = svgEl('title');
    title.textContent = `week of ${w.weekStart}: ${metric.text(v)}`;
    bar.append(title);
    svg.append(bar);
  });
  return h(
    'figure',
    { class: 'metric', 'data-metric': metric.key },
    h('figcaption', {}, h('span', { class: 'muted', text: `${metric.label}, this week` }), h('strong', { text: metric.text(latest) })),
    svg,
    // Labels as HTML under the bars: SVG text would shrink with the chart on a phone.
    h('div', { class: 'ticks muted' }, h('span', { text: weeks[0].weekStart.slice(5) }), h('span', { text: `max ${metric.text(metric.max ?? Math.max(...values.map((v) => v ?? 0)))}` })),
  );
}

function usageTable(weeks) {
  const head = h('tr', {}, ['Week of', 'Attempts', 'Ran', 'Succeeded', 'Success rate', 'Tokens', 'Cost'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : undefined, text: c })));
  const rows = [...weeks].reverse().map((w) =>
    h(
      'tr',
      {},
      h('td', { text: w.weekStart }),
      h('td', { class: 'num', text: fmt(w.attempts) }),
      h('td', { class: 'num', text: fmt(w.executed) }),
      h('td', { class: 'num', text: fmt(w.success) }),
      h('td', { class: 'num', text: w.successRate === null ? '—' : `${Math.round(w.successRate * 100)} %` }),
      h('td', { class: 'num', text: fmt(w.tokens) }),
      h('td', { class: 'num', text: `$${w.costUsd.toFixed(4)}` }),
    ),
  );
  return h(
    'details',
    { class: 'usage-table' },
    h('summary', { text: 'Usage as a table' }),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Usage per week' }, h('table', {}, h('thead', {}, head), h('tbody', {}, rows))),
  );
}
