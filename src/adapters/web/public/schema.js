// Schema: the cached snapshot, asked for a page at a time — GET /api/web/schema?q=&offset=&limit=
// returns table summaries matching the filter, GET /api/web/schema/tables/<schema.table> one table in
// full when the reader opens it. Admins can refresh it (POST /api/web/schema/refresh) and see what changed.
/* global URLSearchParams */
import { api, fmt, fmtWhen, h } from './dom.js';

const PAGE = 100; // tables per request; "Show more" asks for the next page
const TYPING_MS = 200; // wait for a pause in typing before asking the server

export function createSchemaView(root, { isAdmin }) {
  const filter = h('input', { type: 'search', id: 'schema-filter', placeholder: 'Filter tables and columns', autocomplete: 'off' });
  const count = h('p', { class: 'muted count', id: 'schema-count', role: 'status' });
  const meta = h('p', { class: 'muted schema-meta', id: 'schema-meta' });
  const refresh = isAdmin ? h('button', { type: 'button', id: 'schema-refresh' }, '↻ Refresh schema') : null;
  const changes = h('div', { class: 'schema-changes', id: 'schema-changes', 'aria-live': 'polite' });
  const list = h('ul', { class: 'schema-list', id: 'schema-list', 'aria-label': 'Tables' });
  const more = h('button', { type: 'button', class: 'more', id: 'schema-more', hidden: true }, 'Show more');
  root.append(
    h(
      'div',
      { class: 'page' },
      h('h2', { class: 'page-title', text: 'Tables and columns' }),
      h('div', { class: 'toolbar' }, h('label', { for: 'schema-filter', class: 'visually-hidden', text: 'Filter tables and columns' }), filter, refresh),
      changes,
      h('div', { class: 'schema-summary' }, count, meta),
      list,
      more,
    ),
  );

  // seq: only the newest request may draw (a slow answer to "fil" never replaces the one to "film").
  const state = { query: '', shown: 0, seq: 0, loaded: false, timer: undefined };
  // Tables the reader opened stay open when the list is drawn again (filtering, a refresh).
  const opened = new Set();
  const details = createDetailCache();

  async function load({ append = false } = {}) {
    const seq = ++state.seq;
    const query = state.query;
    const params = new URLSearchParams({ offset: String(append ? state.shown : 0), limit: String(PAGE) });
    if (query) params.set('q', query);
    if (!append) count.textContent = 'Loading…';
    more.disabled = true;
    let body;
    try {
      body = await api(`/schema?${params}`);
    } catch (err) {
      if (seq === state.seq) count.textContent = `The schema could not be loaded: ${err.message}`;
      return;
    } finally {
      if (seq === state.seq) more.disabled = false;
    }
    if (seq !== state.seq) return;
    state.loaded = true;
    details.useSnapshot(body.snapshot.hash);
    const items = body.tables.map((t) => tableEntry(t, opened, details));
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    // "Show more" hides itself at the end: the keyboard carries on from the first table it added.
    if (append) items[0]?.querySelector('button')?.focus();
    state.shown = list.childElementCount;
    more.hidden = !body.hasMore;
    const n = fmt(body.total);
    if (query) {
      const shown = body.hasMore ? ` — showing ${fmt(state.shown)}` : '';
      count.textContent = body.total === 0 ? `No tables match “${query}”.` : `${n} ${body.total === 1 ? 'table matches' : 'tables match'} “${query}”${shown}`;
    } else {
      count.textContent = body.hasMore ? `Showing ${fmt(state.shown)} of ${n} tables` : `Showing all ${n} ${body.total === 1 ? 'table' : 'tables'}`;
    }
    const s = body.snapshot;
    meta.textContent = `Snapshot of ${fmt(s.tableCount)} tables and ${fmt(s.columnCount)} columns, loaded ${fmtWhen(s.loadedAt)}${s.source === 'store' ? ' (stored copy: the warehouse was down)' : ''}`;
  }

  filter.addEventListener('input', () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      const query = filter.value.trim();
      if (query === state.query && state.loaded) return;
      state.query = query;
      load();
    }, TYPING_MS);
  });
  more.addEventListener('click', () => load({ append: true }));
  refresh?.addEventListener('click', async () => {
    refresh.disabled = true;
    changes.replaceChildren(h('p', { class: 'muted', text: 'Refreshing the schema…' }));
    try {
      const r = await api('/schema/refresh', { method: 'POST', body: '{}' });
      const head = `Schema refreshed: ${fmt(r.tableCount)} tables, ${fmt(r.columnCount)} columns${r.isNewSnapshot ? ' (new snapshot)' : ''}.`;
      const lines = [...r.changes, ...(r.cacheCleared ? [`${fmt(r.cacheCleared)} cached answers cleared.`] : []), ...r.kbProblems.map((p) => `Knowledge-base example ${p.file} no longer works: ${p.problem}`)];
      changes.replaceChildren(h('div', { class: 'notice info' }, h('p', { text: head }), h('ul', {}, lines.map((l) => h('li', { text: l })))));
      await load();
    } catch (err) {
      changes.replaceChildren(h('p', { class: 'notice error', text: `Not refreshed: ${err.message}` }));
    } finally {
      refresh.disabled = false;
    }
  });

  return {
    async show(_param, { focus = true } = {}) {
      if (focus) filter.focus();
      if (!state.loaded) await load();
    },
  };
}

/** Table details already fetched for the current snapshot; a new snapshot (a refresh) starts afresh. */
function createDetailCache() {
  let hash = null;
  let byName = new Map();
  return {
    useSnapshot(next) {
      if (next !== hash) byName = new Map();
      hash = next;
    },
    get(key) {
      if (!byName.has(key)) {
        const request = api(`/schema/tables/${encodeURIComponent(key)}`);
        request.catch(() => byName.delete(key)); // a failed fetch is tried again on the next open
        byName.set(key, request);
      }
      return byName.get(key);
    },
  };
}

const KIND = { table: 'table', partitioned_table: 'partitioned table', view: 'view', materialized_view: 'materialized view', foreign_table: 'foreign table' };

let entrySeq = 0;

/** One table: a button that shows or hides its columns, fetched the first time it opens. */
function tableEntry(t, opened, details) {
  const key = t.qualifiedName;
  const bodyId = `schema-table-${++entrySeq}`;
  const rows = t.rowEstimate === null ? 'not analysed' : `~${fmt(Math.round(t.rowEstimate))} rows`;
  const toggle = h(
    'button',
    { type: 'button', class: 'schema-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
    h(
      'span',
      { class: 'table-head' },
      h('span', { class: 'table-name', text: key }),
      h('span', { class: 'muted table-facts', text: `${KIND[t.kind] ?? t.kind} · ${fmt(t.columnCount)} ${t.columnCount === 1 ? 'column' : 'columns'} · ${rows}` }),
      t.comment ? h('span', { class: 'table-comment', text: t.comment }) : null,
    ),
  );
  const body = h('div', { class: 'schema-table-body', id: bodyId, hidden: true });
  const entry = h('li', { class: 'schema-table', 'data-table': key }, toggle, body);
  let built = false;

  async function build() {
    built = true;
    body.replaceChildren(h('p', { class: 'muted', role: 'status', text: 'Loading columns…' }));
    try {
      const detail = await details.get(key);
      body.replaceChildren(...tableBody(detail.table));
    } catch (err) {
      built = false;
      body.replaceChildren(h('p', { class: 'notice error', text: `The columns could not be loaded: ${err.message}` }));
    }
  }
  function setOpen(open) {
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    entry.classList.toggle('open', open);
    if (open) opened.add(key);
    else opened.delete(key);
    if (open && !built) build();
  }
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  if (opened.has(key)) setOpen(true);
  return entry;
}

function tableBody(t) {
  const pk = new Set(t.primaryKey);
  const fkOf = new Map();
  for (const fk of t.foreignKeys) fk.columns.forEach((c, i) => fkOf.set(c, `${fk.refSchema}.${fk.refTable}.${fk.refColumns[i] ?? ''}`));
  const head = h('tr', {}, ['Column', 'Type', 'Null', 'Key', 'Comment'].map((c) => h('th', { scope: 'col', text: c })));
  const rows = t.columns.map((c) =>
    h(
      'tr',
      {},
      h('td', { class: 'mono', text: c.name }),
      h('td', { class: 'mono', text: c.enumType ? `${c.type} (enum)` : c.type }),
      h('td', { text: c.nullable ? 'yes' : 'no' }),
      h('td', { text: [pk.has(c.name) ? 'PK' : '', fkOf.has(c.name) ? `→ ${fkOf.get(c.name)}` : ''].filter(Boolean).join(' ') }),
      h('td', { class: 'comment', text: c.comment ?? '' }),
    ),
  );
  const parts = [h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Columns of ${t.qualifiedName}` }, h('table', {}, h('thead', {}, head), h('tbody', {}, rows)))];
  if (t.foreignKeys.length) {
    parts.push(
      h('p', { class: 'fk-title', text: 'Foreign keys' }),
      h(
        'ul',
        { class: 'fk-list', 'aria-label': 'Foreign keys' },
        t.foreignKeys.map((fk) => h('li', { class: 'muted', text: `(${fk.columns.join(', ')}) → ${fk.refSchema}.${fk.refTable} (${fk.refColumns.join(', ')})` })),
      ),
    );
  }
  if (t.referencedBy.length) {
    parts.push(
      h('p', { class: 'fk-title', text: 'Referenced by' }),
      h(
        'ul',
        { class: 'fk-list fk-in', 'aria-label': 'Referenced by' },
        t.referencedBy.map((fk) => h('li', { class: 'muted', text: `${fk.fromSchema}.${fk.fromTable} (${fk.columns.join(', ')}) → ${t.qualifiedName} (${fk.refColumns.join(', ')})` })),
      ),
    );
  }
  if (t.enums.length) parts.push(h('p', { class: 'fk-title', text: 'Enum values' }));
  for (const e of t.enums) parts.push(h('p', { class: 'muted enum-values', text: `${e.schema}.${e.name}: ${e.values.join(', ')}` }));
  if (t.partitionOf) parts.push(h('p', { class: 'muted', text: `Partition of ${t.partitionOf}` }));
  return parts;
}
