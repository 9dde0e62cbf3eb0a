// "Download CSV of this page": the rows of one page of an earlier answer as a CSV file. The page
// comes from the engine (`page <id> <n>`), which checks the clicking user may see that attempt and
// reads the page the way every adapter does (the export, or the same SQL again, read-only). The
// file is written exactly like the full export (src/results/csv-export.ts): RFC 4180, header row,
// CRLF, NULL as an empty field and '' as a quoted "".
import { shortId } from '../../engine/answer-reply.ts';
import type { Reply, ReplyPart } from '../../engine/reply.ts';
import { csvText } from '../../results/csv-export.ts';
import type { SlackUpload } from './render-reply.ts';

type TablePart = Extract<ReplyPart, { kind: 'table' }>;

/** The upload for the page a `page` reply carries; undefined when the reply has no table. */
export function pageCsvUpload(reply: Reply): SlackUpload | undefined {
  const table = reply.parts.find((p): p is TablePart => p.kind === 'table');
  if (!table || !reply.attemptId) return undefined;
  const name = `threadsql-${shortId(reply.attemptId)}-page-${table.page}`;
  const first = (table.page - 1) * table.pageSize + 1;
  const rows = table.rows.length === 0 ? 'no rows' : `rows ${int(first)}–${int(first + table.rows.length - 1)} of ${int(table.totalRows)}`;
  return {
    kind: 'csv-data',
    data: Buffer.from(pageCsv(table), 'utf8'),
    filename: `${name}.csv`,
    title: `${name}.csv`,
    comment: `CSV of page ${int(table.page)} of ${int(table.pageCount)} (${rows}).`,
  };
}

export function pageCsv(table: Pick<TablePart, 'columns' | 'rows'>): string {
  return csvText(table.columns.map((c) => c.name), table.rows);
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}
