// Reply → terminal text. Pure: no printing, no files. The reply's text comes first (it states the
// whole answer), then every part in order, then the actions as one hint line of commands to type.
import { shortId } from '../../engine/answer-reply.ts';
import { assertNever, type Reply, type ReplyAction, type ReplyPart } from '../../engine/reply.ts';
import { formatTable } from './format-table.ts';

export interface RenderTextOptions {
  /** ANSI colour (only for a TTY that wants it). */
  color?: boolean;
  /** Terminal width in columns: long cells are cut so a table row fits where it can. */
  width?: number;
  /** Rows of a page shown in chat; the rest are in the CSV and `page <id> <n>` (default 20). */
  maxRows?: number;
  /** Where the caller saves chart PNGs (see chartFilePath); without it the line says the PNG isn't shown. */
  chartDir?: string;
}

export const DEFAULT_CHAT_ROWS = 20;

/** Where the chart PNG of `reply` (its index-th chart part, from 0) is saved by a terminal caller. */
export function chartFilePath(dir: string, reply: Pick<Reply, 'attemptId'>, index: number): string {
  const name = `${reply.attemptId ? shortId(reply.attemptId) : 'reply'}-chart${index > 0 ? `-${index + 1}` : ''}.png`;
  return `${dir.replace(/[\\/]+$/, '')}/${name}`;
}

const ANSI = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36' } as const;
type Style = keyof typeof ANSI;

export function renderReplyText(reply: Reply, options: RenderTextOptions = {}): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const blocks: string[] = [];
  if (reply.text.trim()) blocks.push(reply.kind === 'error' ? paint('red', reply.text) : reply.text);
  let charts = 0;
  for (const part of reply.parts) {
    blocks.push(renderPart(part, reply, options, paint, charts));
    if (part.kind === 'chart') charts++;
  }
  const hint = actionsLine(reply.actions);
  if (hint) blocks.push(paint('dim', hint));
  return blocks.join('\n\n');
}

function renderPart(part: ReplyPart, reply: Reply, options: RenderTextOptions, paint: (style: Style, text: string) => string, chartIndex: number): string {
  switch (part.kind) {
    case 'table':
      return renderTable(part, options, paint);
    case 'sql':
      return `${paint('bold', 'SQL:')}\n${indent(part.sql.trim())}`;
    case 'chart': {
      const where = options.chartDir
        ? `PNG saved to ${chartFilePath(options.chartDir, reply, chartIndex)}`
        : `PNG, ${kilobytes(part.png.byteLength)}, not shown in a terminal`;
      return `${paint('bold', 'chart:')} ${part.altText} (${where})`;
    }
    case 'csv':
      return `${paint('bold', 'CSV:')} ${part.path} (${rows(part.rowCount)}${part.truncated ? ', truncated' : ''})`;
    case 'notice': {
      const prefix = part.tone === 'error' ? paint('red', 'error:') : part.tone === 'warning' ? paint('yellow', 'warning:') : paint('cyan', 'note:');
      return `${prefix} ${part.text}`;
    }
    default:
      return assertNever(part);
  }
}

type TablePart = Extract<ReplyPart, { kind: 'table' }>;

function renderTable(part: TablePart, options: RenderTextOptions, paint: (style: Style, text: string) => string): string {
  if (part.columns.length === 0) return paint('dim', `(no columns · ${rows(part.totalRows)})`);
  if (part.rows.length === 0) return paint('dim', part.totalRows === 0 ? '(no rows)' : `(page ${int(part.page)} of ${int(part.pageCount)} is empty)`);
  const limit = Math.max(1, options.maxRows ?? DEFAULT_CHAT_ROWS);
  const shown = part.rows.slice(0, limit);
  const table = fitTable(part, shown, options.width);
  const first = (part.page - 1) * part.pageSize + 1;
  const last = first + shown.length - 1;
  let status = `showing rows ${int(first)}–${int(last)} of ${int(part.totalRows)}`;
  if (part.pageCount > 1) status += ` · page ${int(part.page)} of ${int(part.pageCount)}`;
  if (shown.length < part.rows.length) status += ` · ${int(part.rows.length - shown.length)} more on this page in the CSV`;
  return `${table}\n${paint('dim', status)}`;
}

// Narrow the cells until the widest line fits the terminal; below 8 characters a cell says too
// little, so a very wide result wraps instead.
function fitTable(part: TablePart, shown: TablePart['rows'], width: number | undefined): string {
  let maxCellWidth = 40;
  let text = formatTable(part.columns, shown, { maxCellWidth });
  while (width && maxCellWidth > 8 && longestLine(text) > width) {
    maxCellWidth = Math.max(8, maxCellWidth - 4);
    text = formatTable(part.columns, shown, { maxCellWidth });
  }
  return text;
}

/** "next: page 1a2b3c4d 2 · show 1a2b3c4d · retry 1a2b3c4d · 👍/👎 feedback 1a2b3c4d up|down" */
function actionsLine(actions: ReplyAction[]): string {
  // 👍 and 👎 arrive as two actions; one hint names both, where the first of them stood.
  const feedback = new Map<string, Set<'up' | 'down'>>();
  for (const action of actions) {
    if (action.kind !== 'feedback') continue;
    const id = shortId(action.attemptId);
    feedback.set(id, (feedback.get(id) ?? new Set()).add(action.value));
  }
  const hints: string[] = [];
  const hinted = new Set<string>();
  for (const action of actions) {
    const id = shortId(action.attemptId);
    switch (action.kind) {
      case 'page':
        hints.push(`page ${id} ${action.page}`);
        break;
      case 'show_sql':
        hints.push(`show ${id}`);
        break;
      case 'retry':
        hints.push(`retry ${id}`);
        break;
      case 'feedback':
        if (!hinted.has(id)) hints.push(feedbackHint(id, feedback.get(id)!));
        hinted.add(id);
        break;
      default:
        assertNever(action);
    }
  }
  return hints.length > 0 ? `next: ${hints.join(' · ')}` : '';
}

function feedbackHint(id: string, values: Set<'up' | 'down'>): string {
  const ordered = (['up', 'down'] as const).filter((v) => values.has(v));
  const emoji = ordered.map((v) => (v === 'up' ? '👍' : '👎')).join('/');
  return `${emoji} feedback ${id} ${ordered.join('|')}`;
}

function indent(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `  ${line}`)
    .join('\n');
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((l) => [...l].length));
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function rows(n: number): string {
  return `${int(n)} ${n === 1 ? 'row' : 'rows'}`;
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}
