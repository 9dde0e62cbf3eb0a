// Schema: the cached snapshot — tables with their columns, comments, keys and row estimates — with a
// filter box; admins can refresh it (POST /api/web/schema/refresh) and see what changed.
import { api, fmt, fmtWhen, h } from './dom.js';

const SHOWN = 150; // tables drawn at once; the filter narrows the rest

export function createSchemaView(root, { isAdmin }) {
  const filter = h('input', { type: 'search', id: 'schema-filter', placeholder: 'Filter tables and columns', autocomplete: 'off' });
  const meta = h('p', { class: 'muted count', role: 'status' });
  const refresh = isAdmin ? h('button', { type: 'button', id: 'schema-refresh' }, '↻ Refresh schema') : null;
  const changes = h('div', { class: 'schema-changes', id: 'schema-changes', 'aria-live': 'polite' });
  const list = h('div', { class: 'schema-list', id: 'schema-list' });
  root.append(
    h(
      'div',
      { class: 'page' },
      h('h2', { class: 'page-title', text: 'Tables and columns' }),
      h('div', { class: 'toolbar' }, h('label', { for: 'schema-filter', class: 'visually-hidden', text: 'Filter tables and columns' }), filter, refresh),
      changes,
      meta,
      list,
    ),
  );

  let schema = null;
  // Tables the reader opened stay open when the list is drawn again (filtering, a refresh).
  const opened = new Set();

  const matches = (t, words) => {
    if (words.length === 0) return true;
    const text = [t.schema, t.name, t.comment ?? '', ...t.columns.flatMap((c) => [c.name, c.comment ?? ''])].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  };

  function draw() {
    if (!schema) return;
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = schema.tables.filter((t) => matches(t, words));
    list.replaceChildren(...found.slice(0, SHOWN).map((t) => tableEntry(t, opened)));
    const more = found.length > SHOWN ? ` — showing the first ${SHOWN}; type to narrow` : '';
    meta.textContent = `${fmt(found.length)} of ${fmt(schema.tableCount)} tables · ${fmt(schema.columnCount)} columns · snapshot loaded ${fmtWhen(schema.loadedAt)}${schema.source === 'store' ? ' (stored copy: the warehouse was down)' : ''}${more}`;
  }

  async function load() {
    meta.textContent = 'Loading…';
    try {
      schema = await api('/schema');
    } catch (err) {
      meta.textContent = `The schema could not be loaded: ${err.message}`;
      return;
    }
    draw();
  }

  filter.addEventListener('input', draw);
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
      if (!schema) await load();
    },
  };
}

const KIND = { table: 'table', partitioned_table: 'partitioned table', view: 'view', materialized_view: 'materialized view', foreign_table: 'foreign table' };

/** One table: a <details> whose column list is built the first time it opens (thousands of tables stay cheap). */
function tableEntry(t, opened) {
  const key = `${t.schema}.${t.name}`;
  const rows = t.rowEstimate === null ? 'not analysed' : `~${fmt(Math.round(t.rowEstimate))} rows`;
  const summary = h(
    'summary',
    {},
    h('span', { class: 'table-name', text: `${t.schema}.${t.name}` }),
    h('span', { class: 'muted table-facts', text: ` ${KIND[t.kind] ?? t.kind} · ${t.columns.length} columns · ${rows}` }),
    t.comment ? h('span', { class: 'table-comment', text: t.comment }) : null,
  );
  const details = h('details', { class: 'schema-table', 'data-table': key }, summary);
  const build = () => {
    if (details.dataset.built) return;
    details.dataset.built = 'true';
    details.append(tableBody(t));
  };
  details.addEventListener('toggle', () => {
    if (details.open) opened.add(key);
    else opened.delete(key);
    if (details.open) build();
  });
  if (opened.has(key)) {
    details.open = true;
    build();
  }
  return details;
}

function tableBody(t) {
  const pk = new Set(t.primaryKey);
  const fkOf = new Map();
  for (const fk of t.foreignKeys) fk.columns.forEach((c, i) => fkOf.set(c, `${fk.refSchema}.${fk.refTable}.${fk.refColumns[i] ?? ''}`));
  const head = h('tr', {}, ['Column', 'Type', 'Null', 'Key', 'Comment'].map((c) => h('th', { scope: 'col', text: c })));
  const body = t.columns.map((c) =>
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
  const parts = [h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Columns of ${t.schema}.${t.name}` }, h('table', {}, h('thead', {}, head), h('tbody', {}, body)))];
  if (t.foreignKeys.length) {
    parts.push(
      h(
        'ul',
        { class: 'fk-list', 'aria-label': 'Foreign keys' },
        t.foreignKeys.map((fk) => h('li', { class: 'muted', text: `(${fk.columns.join(', ')}) → ${fk.refSchema}.${fk.refTable} (${fk.refColumns.join(', ')})` })),
      ),
    );
  }
  if (t.partitionOf) parts.push(h('p', { class: 'muted', text: `Partition of ${t.partitionOf}` }));
  return h('div', { class: 'schema-table-body' }, ...parts);
}
