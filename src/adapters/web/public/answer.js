// An answer card: the engine's reply (reply-json.ts) as DOM — summary, table, chart, SQL, CSV and
// feedback. Used by the chat, and by History and Admin to show an earlier attempt again.
// Every value from the database or the model enters the page as text (textContent), never HTML.
/* global document, window, navigator */

import { api, fmt, h } from './dom.js';
import { tableWidget } from './table.js';

const hooks = { ask: () => undefined, announce: () => undefined };

/** The chat's ask(text) and the live-region announcer; set once by app.js. */
export function configureAnswers({ ask, announce }) {
  hooks.ask = ask;
  hooks.announce = announce;
}

export function announce(text) {
  hooks.announce(text);
}

/** A reply from the engine (live, or an attempt shown again). `options.retry` false hides ↻ Retry. */
export function renderReply(reply, { retry = true, feedback = null } = {}) {
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
  let table = null;
  for (const part of reply.parts) {
    if (part.kind === 'table') card.append((table = tableWidget(reply.attemptId, part)));
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
    else if (action.kind === 'retry' && retry) actions.append(h('button', { type: 'button', onclick: () => hooks.ask(action.command) }, '↻ Retry'));
  }
  actions.append(...downloads);
  const hasFeedback = reply.actions.some((a) => a.kind === 'feedback');
  if (hasFeedback && reply.attemptId) actions.append(feedbackButtons(reply.attemptId, feedback));
  if (actions.childElementCount) card.append(actions);
  card.ready = table ? table.ready : Promise.resolve();
  return card;
}

export function errorCard(text) {
  return h('div', { class: 'answer error' }, h('p', { text }));
}

export function chartFigure(url, altText, width, height) {
  // Known size: the space is kept before the image arrives, so nothing jumps.
  const img = h('img', { src: url, alt: altText, width, height });
  const figure = h('figure', {}, img, h('figcaption', { class: 'muted', text: altText }));
  img.addEventListener('error', () => figure.remove());
  return figure;
}

export function csvLink(url, rowCount, truncated) {
  const link = h('a', { href: url, download: '', class: 'csv' }, `⬇ Download CSV (${fmt(rowCount)} ${rowCount === 1 ? 'row' : 'rows'})`);
  if (!truncated) return link;
  return h('span', {}, link, ' ', h('span', { class: 'csv-note muted', text: `truncated: only the first ${fmt(rowCount)} rows are in the file` }));
}

// ---------------------------------------------------------------------------------------------
// SQL

const SQL_KEYWORD = /^(SELECT|FROM|WHERE|GROUP|BY|ORDER|HAVING|LIMIT|OFFSET|JOIN|LEFT|RIGHT|FULL|INNER|OUTER|CROSS|ON|AS|AND|OR|NOT|IN|IS|NULL|WITH|UNION|ALL|DISTINCT|CASE|WHEN|THEN|ELSE|END|DESC|ASC|BETWEEN|LIKE|ILIKE|OVER|PARTITION|EXISTS|COUNT|SUM|AVG|MIN|MAX)$/i;

/** SQL as text nodes, keywords and strings wrapped in spans: highlighted without any HTML parsing. */
function highlightSql(sql) {
  const code = h('code');
  const tokens = /('(?:[^']|'')*')|([A-Za-z_]+)|([^'A-Za-z_]+)/g;
  let m;
  while ((m = tokens.exec(sql))) {
    if (m[1]) code.append(h('span', { class: 'str', text: m[1] }));
    else if (m[2] && SQL_KEYWORD.test(m[2])) code.append(h('span', { class: 'kw', text: m[2] }));
    else code.append(document.createTextNode(m[0]));
  }
  return code;
}

export function sqlBlock(sql) {
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

export function showSqlButton(box) {
  const button = h('button', { type: 'button', 'aria-expanded': 'false', class: 'show-sql' }, 'Show SQL');
  button.addEventListener('click', () => {
    box.hidden = !box.hidden;
    button.setAttribute('aria-expanded', String(!box.hidden));
    button.textContent = box.hidden ? 'Show SQL' : 'Hide SQL';
  });
  return button;
}

// ---------------------------------------------------------------------------------------------
// Feedback: 👍 / 👎, and after 👎 an optional comment recorded on the attempt.

// Thumb icons as SVG drawn in the DOM: emoji need an emoji font, which many Linux machines lack.
const THUMB_PATHS = {
  up: 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3',
  down: 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17',
};

export function svgEl(tag, attrs = {}) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function thumbIcon(value) {
  const svg = svgEl('svg', { viewBox: '0 0 24 24', width: 18, height: 18, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' });
  svg.append(svgEl('path', { d: THUMB_PATHS[value] }));
  return svg;
}

export function feedbackButtons(attemptId, current) {
  const make = (value, label) => h('button', { type: 'button', class: 'icon feedback', 'aria-label': label, title: label, 'aria-pressed': String(current === value), 'data-value': value }, thumbIcon(value));
  const up = make('up', 'Good answer');
  const down = make('down', 'Wrong answer');
  const group = h('span', { class: 'feedback-group', role: 'group', 'aria-label': 'Was this answer right?' }, up, down);
  let commentBox = null;

  async function send(value, text) {
    await api(`/attempts/${attemptId}/feedback`, { method: 'POST', body: JSON.stringify(text ? { value, text } : { value }) });
    up.setAttribute('aria-pressed', String(value === 'up'));
    down.setAttribute('aria-pressed', String(value === 'down'));
  }

  function closeComment(focusDown) {
    commentBox?.remove();
    commentBox = null;
    down.setAttribute('aria-expanded', 'false');
    if (focusDown) down.focus();
  }

  function openComment() {
    if (commentBox) return commentBox.querySelector('textarea').focus();
    const id = `fb-${attemptId}-${Math.random().toString(36).slice(2, 8)}`;
    const input = h('textarea', { id, rows: '2', maxlength: '2000', placeholder: 'e.g. it counts cancelled orders too' });
    const status = h('span', { class: 'muted', role: 'status' });
    const skip = h('button', { type: 'button', onclick: () => closeComment(true) }, 'Skip');
    commentBox = h(
      'form',
      { class: 'feedback-comment', 'aria-label': 'Comment on this answer' },
      h('label', { for: id, text: 'What was wrong? (optional)' }),
      input,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Send comment'), skip, status),
    );
    commentBox.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return closeComment(true);
      try {
        await send('down', text);
        closeComment(true);
        announce('Thanks — your comment was saved.');
      } catch (err) {
        status.textContent = `Not saved: ${err.message}`;
      }
    });
    commentBox.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeComment(true);
      }
    });
    down.setAttribute('aria-expanded', 'true');
    // A row of its own under the answer's buttons, not squeezed in among them.
    (group.closest('.answer') ?? group.parentElement).append(commentBox);
    input.focus();
  }

  for (const button of [up, down]) {
    button.addEventListener('click', async () => {
      const value = button.dataset.value;
      try {
        await send(value);
        announce(value === 'down' ? 'Recorded. You can say what was wrong.' : 'Thanks for the feedback.');
        if (value === 'down') openComment();
        else closeComment(false);
      } catch (err) {
        announce(`Feedback not saved: ${err.message}`);
      }
    });
  }
  return group;
}
