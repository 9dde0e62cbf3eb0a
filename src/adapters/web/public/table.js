// The result table: the engine's 500-row pages, 50 rows shown at a time, sortable within the page.
import { api, fmt, h } from './dom.js';

const ROWS_SHOWN = 50;

export function tableWidget(attemptId, firstPage) {
  const box = h('div', { class: 'table-box' });
  const t = { page: null, offset: 0, sort: null };
  const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Result table' });
  const range = h('span', { class: 'range muted' });
  const prev = h('button', { type: 'button', class: 'prev', 'aria-label': 'Previous rows' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'next', 'aria-label': 'Next rows' }, 'Next ›');
  const nav = h('div', { class: 'table-nav' }, range, prev, next);
  box.append(wrap, nav);

  async function load(page, atEnd) {
    prev.disabled = next.disabled = true;
    range.textContent = 'loading…';
    try {
      t.page = await api(`/attempts/${attemptId}/pages/${page}`);
      t.sort = null;
      t.offset = atEnd ? Math.max(0, Math.floor((t.page.rows.length - 1) / ROWS_SHOWN) * ROWS_SHOWN) : 0;
      draw();
    } catch (err) {
      range.textContent = `This page could not be loaded: ${err.message}`;
      prev.disabled = next.disabled = false;
    }
  }

  function rowsInOrder() {
    const rows = t.page.rows;
    if (!t.sort) return rows;
    const { index, dir } = t.sort;
    const numeric = t.page.columns[index].numeric;
    const key = (v) => (v === null ? null : numeric ? Number(v.replace(/[^0-9eE.+-]/g, '')) : v);
    return [...rows].sort((a, b) => {
      const x = key(a[index]);
      const y = key(b[index]);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // NULLs last
      return (numeric ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  }

  function sortBy(index, dir) {
    t.sort = { index, dir };
    t.offset = 0;
    draw();
    // The header row is drawn anew: keep the keyboard on the same column's button.
    wrap.querySelectorAll('th button')[index]?.focus();
  }

  function draw() {
    const p = t.page;
    const shown = rowsInOrder().slice(t.offset, t.offset + ROWS_SHOWN);
    const head = h(
      'tr',
      {},
      p.columns.map((c, i) => {
        const dir = t.sort && t.sort.index === i ? t.sort.dir : 0;
        const th = h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': dir ? (dir > 0 ? 'ascending' : 'descending') : undefined });
        th.append(
          h('button', { type: 'button', title: `Sort this page by ${c.name}`, onclick: () => sortBy(i, dir > 0 ? -1 : 1) }, c.name + (dir > 0 ? ' ▲' : dir < 0 ? ' ▼' : '')),
        );
        return th;
      }),
    );
    const body = shown.map((row) => h('tr', {}, row.map((cell, i) => h('td', { class: p.columns[i].numeric ? 'num' : undefined, title: cell ?? 'NULL' }, cell === null ? h('span', { class: 'null', text: 'NULL' }) : cell))));
    wrap.replaceChildren(h('table', {}, h('thead', {}, head), h('tbody', {}, body)));
    const first = (p.page - 1) * p.pageSize + t.offset;
    range.textContent =
      p.totalRows === 0 ? 'No rows.' : `Rows ${fmt(first + 1)}–${fmt(first + shown.length)} of ${fmt(p.totalRows)}${p.pageCount > 1 ? ` · page ${fmt(p.page)} of ${fmt(p.pageCount)}` : ''}${t.sort ? ' · sorted within this page' : ''}`;
    prev.disabled = t.offset === 0 && p.page === 1;
    next.disabled = t.offset + ROWS_SHOWN >= p.rows.length && p.page >= p.pageCount;
    prev.hidden = next.hidden = prev.disabled && next.disabled; // one screen of rows: nothing to page
  }

  prev.addEventListener('click', () => {
    if (t.offset > 0) {
      t.offset -= ROWS_SHOWN;
      draw();
    } else if (t.page.page > 1) load(t.page.page - 1, true);
  });
  next.addEventListener('click', () => {
    if (t.offset + ROWS_SHOWN < t.page.rows.length) {
      t.offset += ROWS_SHOWN;
      draw();
    } else if (t.page.page < t.page.pageCount) load(t.page.page + 1, false);
  });

  if (firstPage) {
    t.page = firstPage;
    draw();
    box.ready = Promise.resolve();
  } else {
    box.ready = load(1, false);
  }
  return box;
}
