// Reply → Slack message (Block Kit) and the files to upload. Pure: no API calls, no file reads.
// `text` always carries the whole answer (notifications, screen readers, clients without blocks);
// the blocks show the same answer better: summary, receipt, the table, notices and buttons.
import type { types as SlackTypes } from '@slack/bolt';
import { shortId } from '../../engine/answer-reply.ts';
import { formatNumber, isNumberType } from '../../lib/format-values.ts';
import { assertNever, type Reply, type ReplyAction, type ReplyPart } from '../../engine/reply.ts';
import { cellToText } from '../../warehouse/cells.ts';
import type { Cell, ColumnMeta } from '../../warehouse/types.ts';
import { ACTION, encodeValue } from './action-ids.ts';
import {
  CHAT_ROWS,
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_BUTTON_TEXT,
  MAX_CELL_CHARS,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_TEXT,
  MAX_TABLE_CELLS,
  MAX_TABLE_CHARS,
  MAX_TABLE_ROWS,
} from './limits.ts';
import { rowsText, tableStatusLine } from '../../engine/table-status.ts';

export type Block = SlackTypes.KnownBlock;

/** What chat.postMessage / chat.update / chat.postEphemeral take. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A file to send into the thread with files.uploadV2. */
export type SlackUpload =
  | { kind: 'csv'; path: string; filename: string; title: string; comment: string }
  /** A CSV made here (one page of a result), not a file on disk. */
  | { kind: 'csv-data'; data: Uint8Array; filename: string; title: string; comment: string }
  | { kind: 'chart'; png: Uint8Array; filename: string; title: string; altText: string };

export interface RenderOptions {
  /** Rows of a page shown in the message (default 20). */
  maxRows?: number;
}

type TablePart = Extract<ReplyPart, { kind: 'table' }>;

/** The whole Reply as one message. */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const blocks: Block[] = [];
  const suffix = reply.attemptId ? shortId(reply.attemptId) : 'r';
  blocks.push(...textBlocks(reply, suffix));
  const hasSqlButton = reply.actions.some((a) => a.kind === 'show_sql');
  for (const part of reply.parts) blocks.push(...renderPart(part, reply, { hasSqlButton, maxRows: options.maxRows ?? CHAT_ROWS }));
  const actions = actionsBlock(reply.actions, `actions-${suffix}-${pageOf(reply)}`, pageCsvButton(reply));
  if (actions) blocks.push(actions);
  return { text: fallbackText(reply), blocks: capBlocks(blocks) };
}

/**
 * A page of an earlier answer, edited into that answer's message: the summary and receipt stay,
 * the table and the page buttons are the new page's, the other buttons (SQL, retry, 👍 👎) stay.
 */
export function renderPageUpdate(previous: Block[] | undefined, pageReply: Reply, options: RenderOptions = {}): SlackMessage {
  const kept = (previous ?? []).filter((b) => typeof b.block_id === 'string' && /^(summary|receipt)-/.test(b.block_id));
  const oldButtons = (previous ?? [])
    .filter((b): b is SlackTypes.ActionsBlock => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e): e is SlackTypes.Button => e.type === 'button' && !PAGE_BUTTONS.has(e.action_id ?? ''));
  const table = pageReply.parts.find((p): p is TablePart => p.kind === 'table');
  const blocks: Block[] = [...kept];
  if (kept.length === 0) blocks.push(section(`summary-${pageOf(pageReply)}`, escapeText(pageReply.text)));
  if (table) blocks.push(...renderTable(table, options.maxRows ?? CHAT_ROWS, `p${table.page}`));
  const csvButton = pageCsvButton(pageReply);
  const pageButtons = [...pageReply.actions.flatMap((a) => (a.kind === 'page' ? [button(a)] : [])), ...(csvButton ? [csvButton] : [])];
  const elements = [...pageButtons, ...oldButtons].slice(0, MAX_ACTIONS_ELEMENTS);
  if (elements.length > 0) blocks.push({ type: 'actions', block_id: `actions-p${table?.page ?? 0}`, elements });
  return { text: clip(pageReply.text, MAX_MESSAGE_TEXT), blocks: capBlocks(blocks) };
}

/** The placeholder shown while the engine works; edited in place into the answer later. */
export function renderWorking(progress: string): SlackMessage {
  const text = `:hourglass_flowing_sand: ${progress}`;
  return { text, blocks: [{ type: 'context', block_id: 'working', elements: [{ type: 'mrkdwn', text: escapeText(text) }] }] };
}

/** SQL for "Show SQL": a code block (cut, with a note, past Slack's section limit). */
export function renderSql(sql: string, attemptId?: string): SlackMessage {
  const head = attemptId ? `SQL of attempt ${shortId(attemptId)}:` : 'SQL:';
  return { text: clip(`${head}\n${sql}`, MAX_MESSAGE_TEXT), blocks: [section('sql', codeBlock(sql)), ...(attemptId ? [context('sql-note', head)] : [])] };
}

/** Files the reply brings: the CSV export and any chart PNG, each with a comment or alt text. */
export function replyUploads(reply: Reply): SlackUpload[] {
  const name = reply.attemptId ? `threadsql-${shortId(reply.attemptId)}` : 'threadsql';
  const uploads: SlackUpload[] = [];
  let charts = 0;
  for (const part of reply.parts) {
    if (part.kind === 'csv') {
      const rows = `${int(part.rowCount)} ${part.rowCount === 1 ? 'row' : 'rows'}`;
      uploads.push({
        kind: 'csv',
        path: part.path,
        filename: `${name}.csv`,
        title: `${name}.csv`,
        comment: part.truncated ? `CSV (${rows}; truncated: the result has more rows than the export limit).` : `CSV (${rows}).`,
      });
    } else if (part.kind === 'chart') {
      charts++;
      uploads.push({ kind: 'chart', png: part.png, filename: `${name}-chart${charts > 1 ? `-${charts}` : ''}.png`, title: 'Chart', altText: part.altText });
    }
  }
  return uploads;
}

// ---------------------------------------------------------------------------------------------

function textBlocks(reply: Reply, suffix: string): Block[] {
  const lines = reply.text.trim().split('\n');
  if (lines.length === 0 || !reply.text.trim()) return [];
  if (reply.kind === 'answer' && lines.length > 1) {
    // The last line of an answer is its receipt (rows, tables, timings): small print.
    const receipt = lines.pop()!;
    return [section(`summary-${suffix}`, escapeText(lines.join('\n'))), context(`receipt-${suffix}`, receipt)];
  }
  if (reply.kind === 'command' && lines.length > 2) {
    // Command output (history, schema, stats) is column-aligned text: keep it monospace.
    const [first, ...rest] = lines;
    return [section(`summary-${suffix}`, escapeText(first!)), section(`body-${suffix}`, codeBlock(rest.join('\n')))];
  }
  const prefix = reply.kind === 'error' ? ':warning: ' : '';
  return [section(`summary-${suffix}`, prefix + escapeText(reply.text.trim()))];
}

function renderPart(part: ReplyPart, reply: Reply, ctx: { hasSqlButton: boolean; maxRows: number }): Block[] {
  switch (part.kind) {
    case 'table':
      return renderTable(part, ctx.maxRows, `p${part.page}`);
    case 'sql':
      // Behind the "Show SQL" button when there is one; otherwise (errors, `show`) it is the content.
      return ctx.hasSqlButton ? [] : [section(`sql-${reply.attemptId ? shortId(reply.attemptId) : 'r'}`, codeBlock(part.sql))];
    case 'chart':
    case 'csv':
      return []; // uploaded into the thread as files (replyUploads)
    case 'notice': {
      if (reply.text.includes(part.text)) return []; // the text already says it
      const icon = part.tone === 'error' ? ':x:' : part.tone === 'warning' ? ':warning:' : ':information_source:';
      return [context(`notice-${hash(part.text)}`, `${icon} ${part.text}`)];
    }
    default:
      return assertNever(part);
  }
}

function renderTable(part: TablePart, maxRows: number, id: string): Block[] {
  if (part.columns.length === 0) return [context(`table-${id}`, `no columns · ${rowsText(part.totalRows)}`)];
  if (part.rows.length === 0) return [context(`table-${id}`, part.totalRows === 0 ? 'No rows.' : `Page ${int(part.page)} of ${int(part.pageCount)} is empty.`)];
  const shown = part.rows.slice(0, Math.max(1, Math.min(maxRows, MAX_TABLE_ROWS - 1)));
  const cells = shown.map((row) => row.map((c, i) => displayCell(c, part.columns[i])));
  const status = (count: number) => tableStatusLine(part, count);
  if (fitsTableBlock(part.columns, cells)) {
    const table: SlackTypes.TableBlock = {
      type: 'table',
      block_id: `table-${id}`,
      rows: [part.columns.map((c) => raw(c.name)), ...cells.map((r) => r.map(raw))],
      column_settings: part.columns.map((c) => ({ align: isNumberType(c.type) ? 'right' : 'left' })),
    };
    return [table, context(`rows-${id}`, status(shown.length))];
  }
  // Too wide or too long for a table block: an aligned monospace block, as many rows as fit.
  for (let n = cells.length; n >= 1; n--) {
    const text = codeBlock(alignedTable(part.columns, cells.slice(0, n)));
    if (text.length <= MAX_SECTION_TEXT) return [section(`table-${id}`, text), context(`rows-${id}`, status(n))];
  }
  return [context(`table-${id}`, `${status(0)} · the columns are too wide to show here; see the CSV`)];
}

function fitsTableBlock(columns: ColumnMeta[], cells: string[][]): boolean {
  if (columns.length > MAX_TABLE_CELLS || cells.length + 1 > MAX_TABLE_ROWS) return false;
  const chars = columns.reduce((n, c) => n + c.name.length, 0) + cells.reduce((n, r) => n + r.reduce((m, c) => m + c.length, 0), 0);
  return chars <= MAX_TABLE_CHARS;
}

/** A cell for people: NULL as NULL, numbers grouped, long text cut, one line. */
export function displayCell(cell: Cell, column: ColumnMeta | undefined): string {
  if (cell === null) return 'NULL';
  let text: string;
  if (column && isNumberType(column.type) && (typeof cell === 'number' || typeof cell === 'string')) text = formatNumber(cell, column.type);
  else text = cellToText(cell);
  text = text.replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, ' ');
  if (text === '') return '""'; // an empty string is a value, and a table cell must not be empty
  return clip(text, MAX_CELL_CHARS);
}

function alignedTable(columns: ColumnMeta[], rows: string[][]): string {
  const header = columns.map((c) => clip(c.name, MAX_CELL_CHARS));
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const right = columns.map((c) => isNumberType(c.type));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]! + cell.length - width(cell)) : cell.padEnd(widths[i]! + cell.length - width(cell))))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

function actionsBlock(actions: ReplyAction[], blockId: string, csvButton: SlackTypes.Button | undefined): Block | undefined {
  const buttons = actions.map(button);
  // After the page buttons: the CSV of the page belongs with paging, before SQL, retry and 👍 👎.
  if (csvButton) buttons.splice(actions.filter((a) => a.kind === 'page').length, 0, csvButton);
  if (buttons.length === 0) return undefined;
  return { type: 'actions', block_id: blockId, elements: buttons.slice(0, MAX_ACTIONS_ELEMENTS) };
}

/** The page buttons, replaced whenever another page is shown (their values name the page). */
const PAGE_BUTTONS = new Set<string>([ACTION.pagePrev, ACTION.pageNext, ACTION.pageCsv]);

/**
 * "Download CSV of this page" when the result has more than one page: with one page the whole
 * result is already in the thread as the CSV. Its value names the page the message shows.
 */
function pageCsvButton(reply: Reply): SlackTypes.Button | undefined {
  const table = reply.parts.find((p): p is TablePart => p.kind === 'table');
  if (!table || !reply.attemptId || table.pageCount <= 1) return undefined;
  return {
    type: 'button',
    action_id: ACTION.pageCsv,
    text: { type: 'plain_text', text: 'Download CSV of this page', emoji: true },
    value: encodeValue({ attemptId: reply.attemptId, page: table.page }),
  };
}

function button(action: ReplyAction): SlackTypes.Button {
  const make = (actionId: string, label: string, value: string): SlackTypes.Button => ({
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: clip(label, MAX_BUTTON_TEXT), emoji: true },
    value,
  });
  switch (action.kind) {
    case 'page':
      return make(/^prev/i.test(action.label) ? ACTION.pagePrev : ACTION.pageNext, action.label, encodeValue({ attemptId: action.attemptId, page: action.page }));
    case 'show_sql':
      return make(ACTION.showSql, action.label, encodeValue({ attemptId: action.attemptId }));
    case 'retry':
      return make(ACTION.retry, action.label, encodeValue({ attemptId: action.attemptId }));
    case 'feedback':
      return make(action.value === 'up' ? ACTION.feedbackUp : ACTION.feedbackDown, action.label, encodeValue({ attemptId: action.attemptId }));
    default:
      return assertNever(action);
  }
}

function fallbackText(reply: Reply): string {
  const text = reply.text.trim() || 'threadsql';
  return text.length > MAX_MESSAGE_TEXT ? `${text.slice(0, MAX_MESSAGE_TEXT - 40)}… (cut: too long for one Slack message)` : text;
}

function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS_PER_MESSAGE) return blocks;
  return [...blocks.slice(0, MAX_BLOCKS_PER_MESSAGE - 1), context('more', 'More than fits in one Slack message; the text and the CSV have it all.')];
}

function section(blockId: string, mrkdwn: string): SlackTypes.SectionBlock {
  const text = mrkdwn.length > MAX_SECTION_TEXT ? cutMrkdwn(mrkdwn) : mrkdwn;
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } };
}

// A code block cut in the middle must still close its fence.
function cutMrkdwn(text: string): string {
  const isCode = text.startsWith('```') && text.endsWith('```');
  const room = MAX_SECTION_TEXT - 20;
  return isCode ? `${text.slice(0, room - 3)}\n…\`\`\`` : `${text.slice(0, room)}…`;
}

function context(blockId: string, text: string): SlackTypes.ContextBlock {
  return { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text: clip(escapeText(text), MAX_SECTION_TEXT) }] };
}

function codeBlock(text: string): string {
  // Three backticks inside would end the block early; a zero-width space keeps them literal.
  return `\`\`\`${escapeText(text.replace(/```/g, '`\u200b``'))}\`\`\``;
}

function raw(text: string): SlackTypes.RawTextElement {
  return { type: 'raw_text', text: text === '' ? ' ' : text };
}

/** Slack's mrkdwn control characters: & < > must be escaped or they become links and mentions. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function pageOf(reply: Reply): number {
  const table = reply.parts.find((p) => p.kind === 'table');
  return table?.kind === 'table' ? table.page : 0;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function width(s: string): number {
  return [...s].length;
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}
