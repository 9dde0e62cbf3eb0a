// Reply → the JSON the browser page (and any other client of /api/web) renders. Pure: no file
// reads, no store. Binary parts become URLs on our API (the chart PNG, the CSV), which check the
// viewer again when fetched; local file paths never leave the server.
import { formatNumber, isNumberType } from '../../lib/format-values.ts';
import { assertNever, type Reply, type ReplyAction, type ReplyPart } from '../../engine/reply.ts';
import type { PageOutcome } from '../../engine/result-pages.ts';
import { cellToText } from '../../warehouse/cells.ts';
import type { Cell, ColumnMeta } from '../../warehouse/types.ts';

export interface WebColumn {
  name: string;
  type: string;
  numeric: boolean;
}

export interface WebTable {
  columns: WebColumn[];
  /** Cells as display text; null stays null (shown as NULL, sorted last). */
  rows: Array<Array<string | null>>;
  page: number;
  pageCount: number;
  pageSize: number;
  totalRows: number;
}

export type WebPart =
  | ({ kind: 'table' } & WebTable)
  | { kind: 'sql'; sql: string }
  | { kind: 'chart'; url: string; altText: string; width: number | null; height: number | null }
  | { kind: 'csv'; url: string; rowCount: number; truncated: boolean }
  | { kind: 'notice'; tone: 'info' | 'warning' | 'error'; text: string };

export type WebAction =
  | { kind: 'page'; page: number; label: string }
  | { kind: 'show_sql'; label: string }
  | { kind: 'retry'; label: string; command: string }
  | { kind: 'feedback'; value: 'up' | 'down'; label: string };

export interface WebReply {
  kind: Reply['kind'];
  attemptId: string | null;
  status: string | null;
  /** The whole answer as text; for answers the last line is the receipt (rows, tables, timings). */
  text: string;
  parts: WebPart[];
  actions: WebAction[];
}

export const API_BASE = '/api/web';

export function attemptUrl(attemptId: string, rest: string): string {
  return `${API_BASE}/attempts/${encodeURIComponent(attemptId)}/${rest}`;
}

export function renderReplyJson(reply: Reply): WebReply {
  const attemptId = reply.attemptId ?? null;
  return {
    kind: reply.kind,
    attemptId,
    status: reply.status ?? null,
    text: reply.text,
    parts: reply.parts.flatMap((p) => renderPart(p, attemptId)),
    actions: reply.actions.map(renderAction),
  };
}

function renderPart(part: ReplyPart, attemptId: string | null): WebPart[] {
  switch (part.kind) {
    case 'table':
      return [{ kind: 'table', ...webTable(part.columns, part.rows, part) }];
    case 'sql':
      return [{ kind: 'sql', sql: part.sql }];
    case 'chart':
      // The PNG is already under the data dir (charts/<attemptId>.png); the page fetches it by id.
      return attemptId ? [{ kind: 'chart', url: attemptUrl(attemptId, 'chart.png'), altText: part.altText, ...pngSize(part.png) }] : [];
    case 'csv':
      return attemptId ? [{ kind: 'csv', url: attemptUrl(attemptId, 'export.csv'), rowCount: part.rowCount, truncated: part.truncated }] : [];
    case 'notice':
      return [{ kind: 'notice', tone: part.tone, text: part.text }];
    default:
      return assertNever(part);
  }
}

function renderAction(action: ReplyAction): WebAction {
  switch (action.kind) {
    case 'page':
      return { kind: 'page', page: action.page, label: action.label };
    case 'show_sql':
      return { kind: 'show_sql', label: action.label };
    case 'retry':
      // The engine's own command: a retry is a message in the thread, like "retry <id>" in Slack.
      return { kind: 'retry', label: action.label, command: `retry ${action.attemptId}` };
    case 'feedback':
      return { kind: 'feedback', value: action.value, label: action.label };
    default:
      return assertNever(action);
  }
}

/** One page of an earlier result, for GET /api/web/attempts/:id/pages/:n. */
export function renderPageJson(outcome: Extract<PageOutcome, { ok: true }>): WebTable & { attemptId: string; source: string; message: string } {
  return {
    attemptId: outcome.attemptId,
    ...webTable(outcome.columns, outcome.rows, outcome),
    source: outcome.source,
    message: outcome.message,
  };
}

export function webTable(columns: ColumnMeta[], rows: Cell[][], shape: { page: number; pageCount: number; pageSize: number; totalRows: number }): WebTable {
  return {
    columns: columns.map((c) => ({ name: c.name, type: c.type, numeric: isNumberType(c.type) })),
    rows: rows.map((row) => row.map((cell, i) => displayCell(cell, columns[i]))),
    page: shape.page,
    pageCount: shape.pageCount,
    pageSize: shape.pageSize,
    totalRows: shape.totalRows,
  };
}

/** Width and height from a PNG's IHDR chunk, so the page reserves the chart's space before it loads. */
export function pngSize(png: Uint8Array): { width: number | null; height: number | null } {
  const isPng = png.length >= 24 && png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47;
  if (!isPng) return { width: null, height: null };
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A cell for people: numbers grouped, JSON as JSON text; null stays null. */
export function displayCell(cell: Cell, column: ColumnMeta | undefined): string | null {
  if (cell === null) return null;
  if (column && isNumberType(column.type) && (typeof cell === 'number' || typeof cell === 'string')) return formatNumber(cell, column.type);
  return cellToText(cell);
}
