// The line under a result table, the same in every chat platform: how many of how many rows the
// message shows, and which page.
import type { ReplyPart } from './reply.ts';

type TablePart = Extract<ReplyPart, { kind: 'table' }>;

/** "showing 20 of 12,345 rows" on page 1; "showing rows 501–520 of 12,345 · page 2 of 25" later. */
export function tableStatusLine(part: Pick<TablePart, 'page' | 'pageCount' | 'pageSize' | 'totalRows'>, shown: number): string {
  const first = (part.page - 1) * part.pageSize + 1;
  const pages = part.pageCount > 1 ? ` · page ${int(part.page)} of ${int(part.pageCount)}` : '';
  if (part.page === 1) {
    if (shown >= part.totalRows) return `${rowsText(part.totalRows)}${pages}`;
    return `showing ${int(shown)} of ${rowsText(part.totalRows)}${pages} · all rows in the CSV`;
  }
  if (shown === 0) return `${int(part.totalRows)} rows${pages}`;
  return `showing rows ${int(first)}–${int(first + shown - 1)} of ${int(part.totalRows)}${pages}`;
}

/** "1 row", "12,345 rows". */
export function rowsText(n: number): string {
  return `${int(n)} ${n === 1 ? 'row' : 'rows'}`;
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}
