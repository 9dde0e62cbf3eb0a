// Reply → Teams message: an Adaptive Card (schema 1.5) and a plain-text fallback. Pure: no API
// calls, no file reads; the CSV link is made by the caller and passed in. The card shows the summary,
// the receipt, the first rows in a Table element, notices, the CSV link, the SQL behind a ShowCard,
// and buttons (pages, retry, 👍/👎). It always fits MAX_CARD_BYTES: rows go first, then columns, and
// the card says what it left out; the text fallback and the CSV still carry everything.
import { shortId } from '../../engine/answer-reply.ts';
import { assertNever, type Reply, type ReplyAction, type ReplyPart } from '../../engine/reply.ts';
import { formatNumber, isNumberType } from '../../lib/format-values.ts';
import { cellToText } from '../../warehouse/cells.ts';
import type { Cell, ColumnMeta } from '../../warehouse/types.ts';
import type { OutgoingActivity } from './bot-framework.ts';
import { actionData, COMMENT_INPUT, type CardAction } from './card-actions.ts';
import { CARD_ROWS, CARD_VERSION, MAX_CARD_ACTIONS, MAX_CARD_BYTES, MAX_CELL_CHARS, MAX_FEEDBACK_TEXT, MAX_SQL_CHARS, MAX_TABLE_COLUMNS } from './limits.ts';
import { rowsText, tableStatusLine } from '../../engine/table-status.ts';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** An Adaptive Card element or action, as JSON. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export interface RenderOptions {
  /** Download link for the reply's CSV (GET /exports/<token>), when it has one. */
  csvUrl?: string;
  /** A signed link to the chart PNG (a data: URI would blow the card's size budget). */
  chartUrl?: string;
  /** Rows of a page shown (default 20). */
  maxRows?: number;
  /** Card budget in bytes (default MAX_CARD_BYTES); tests use it to force trimming. */
  maxBytes?: number;
}

export interface RenderedReply {
  card: AdaptiveCard;
  /** The whole answer as text: the fallback message, and what a card-less client shows. */
  text: string;
  /** One line for notifications and the activity feed. */
  summary: string;
  /** What had to be left out of the card to fit, when anything was. */
  trimmed?: string;
}

type TablePart = Extract<ReplyPart, { kind: 'table' }>;

/** The whole Reply as a card plus its text fallback. */
export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedReply {
  const maxBytes = options.maxBytes ?? MAX_CARD_BYTES;
  const table = reply.parts.find((p): p is TablePart => p.kind === 'table');
  const wantRows = Math.min(options.maxRows ?? CARD_ROWS, table?.rows.length ?? 0);
  const wantCols = Math.min(MAX_TABLE_COLUMNS, table?.columns.length ?? 0);
  const text = fallbackText(reply, options.csvUrl);
  const summary = firstLine(reply.text);

  // Fewer rows first (to 5), then fewer columns (to 3), then rows and columns down to one, then no table.
  const shapes: Array<[number, number]> = [];
  for (let r = wantRows; r >= Math.min(5, wantRows); r--) shapes.push([r, wantCols]);
  for (let c = wantCols - 1; c >= Math.min(3, wantCols); c--) shapes.push([Math.min(5, wantRows), c]);
  for (let r = Math.min(5, wantRows) - 1; r >= 1; r--) shapes.push([r, Math.min(3, wantCols)]);
  shapes.push([0, 0]);
  for (const [rows, cols] of shapes) {
    const card = buildCard(reply, options, { rows, cols, sqlChars: MAX_SQL_CHARS });
    if (fits(card, maxBytes)) return { card, text, summary, ...trimNote(table, rows, cols, wantRows, wantCols) };
  }
  // Still too big without a table (a huge summary or SQL): the essentials only.
  const card = buildCard({ ...reply, text: clip(reply.text, 2_000) }, options, { rows: 0, cols: 0, sqlChars: 1_000 });
  if (fits(card, maxBytes)) return { card, text, summary, trimmed: 'the table and most of the SQL (too large for a Teams card)' };
  return { card: minimalCard(reply, options.csvUrl), text, summary, trimmed: 'everything but the summary (too large for a Teams card)' };
}

/** The reply as a message activity carrying the card (its text is the fallback shown where cards are not). */
export function cardMessage(rendered: RenderedReply): OutgoingActivity {
  return { type: 'message', summary: rendered.summary, attachments: [{ contentType: CARD_CONTENT_TYPE, content: rendered.card }] };
}

/** The text-only message sent when the card cannot be. */
export function textMessage(rendered: Pick<RenderedReply, 'text'>): OutgoingActivity {
  return { type: 'message', text: rendered.text, textFormat: 'plain' };
}

/**
 * A page of an earlier answer, to replace that answer's card: the summary the button carried, the
 * page's table, the SQL when known, page buttons and the answer's own buttons (retry, 👍/👎).
 */
export function renderPageReply(pageReply: Reply, context: { summary?: string; sql?: string }, options: RenderOptions = {}): RenderedReply {
  const attemptId = pageReply.attemptId;
  const extra: ReplyAction[] = attemptId
    ? [
        { kind: 'show_sql', attemptId, label: 'Show SQL' },
        { kind: 'retry', attemptId, label: 'Retry' },
        { kind: 'feedback', attemptId, value: 'up', label: '👍' },
        { kind: 'feedback', attemptId, value: 'down', label: '👎' },
      ]
    : [];
  const parts: ReplyPart[] = [...pageReply.parts, ...(context.sql ? [{ kind: 'sql' as const, sql: context.sql }] : [])];
  const text = context.summary ? `${context.summary}\n${pageReply.text}` : pageReply.text;
  return renderReply({ ...pageReply, text, parts, actions: [...pageReply.actions, ...extra.filter((a) => a.kind !== 'show_sql' || context.sql)] }, options);
}

/** The welcome card when the app is installed: what it does and three questions to try. */
export function renderWelcome(examples: string[], scope: 'personal' | 'channel' | 'groupChat'): OutgoingActivity {
  const how = scope === 'personal' ? 'Ask me here' : 'Mention me (@threadsql) with a question';
  const body: CardElement[] = [
    { type: 'TextBlock', text: 'Hi, I am threadsql', weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: `${how} about the team's data in plain words. I write one read-only SQL query, run it, and answer in the thread with a table and a CSV. Follow-ups in the same thread build on the earlier answers. Type "help" for commands.`,
      wrap: true,
    },
  ];
  if (examples.length > 0) {
    body.push({ type: 'TextBlock', text: 'Try asking:', weight: 'Bolder', wrap: true, spacing: 'Medium' });
    for (const q of examples) body.push({ type: 'TextBlock', text: `• ${plain(q)}`, wrap: true, spacing: 'Small' });
  }
  // In personal chat a button can post the question for the user (imBack); in channels it could not
  // @mention the bot, so there the questions are only listed.
  const actions: CardElement[] =
    scope === 'personal' ? examples.map((q) => ({ type: 'Action.Submit', title: clip(q, 60), data: { msteams: { type: 'imBack', value: q } } })) : [];
  const card: AdaptiveCard = { type: 'AdaptiveCard', $schema: SCHEMA, version: CARD_VERSION, body, ...(actions.length ? { actions } : {}) };
  const text = ['Hi, I am threadsql: ask about the data in plain words.', ...examples.map((q) => `• ${q}`)].join('\n');
  return { type: 'message', summary: text.split('\n')[0], attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
}

// ---------------------------------------------------------------------------------------------

interface Shape {
  rows: number;
  cols: number;
  sqlChars: number;
}

function buildCard(reply: Reply, options: RenderOptions, shape: Shape): AdaptiveCard {
  const body: CardElement[] = [...textBlocks(reply)];
  let sql: string | undefined;
  const hasSqlAction = reply.actions.some((a) => a.kind === 'show_sql');
  for (const part of reply.parts) {
    switch (part.kind) {
      case 'table':
        body.push(...renderTable(part, shape));
        break;
      case 'sql':
        // Behind "Show SQL" when the reply offers it; otherwise (errors, `show`) it is the content.
        if (hasSqlAction) sql = part.sql;
        else body.push(sqlBlock(part.sql, shape.sqlChars));
        break;
      case 'chart':
        if (options.chartUrl) body.push({ type: 'Image', url: options.chartUrl, altText: part.altText, size: 'Stretch' });
        break;
      case 'csv':
        if (options.csvUrl) body.push(csvLink(part, options.csvUrl));
        break;
      case 'notice':
        if (!reply.text.includes(part.text)) {
          body.push({ type: 'TextBlock', text: plain(part.text), wrap: true, isSubtle: part.tone === 'info', color: part.tone === 'info' ? 'Default' : part.tone === 'warning' ? 'Warning' : 'Attention', size: 'Small' });
        }
        break;
      default:
        assertNever(part);
    }
  }
  const summary = firstLine(reply.text);
  const actions = reply.actions.flatMap((a) => renderAction(a, { sql, sqlChars: shape.sqlChars, summary })).slice(0, MAX_CARD_ACTIONS);
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: CARD_VERSION, msteams: { width: 'Full' }, body, ...(actions.length ? { actions } : {}) };
}

function textBlocks(reply: Reply): CardElement[] {
  const lines = reply.text.trim().split('\n');
  if (!reply.text.trim()) return [];
  if (reply.kind === 'answer' && lines.length > 1) {
    // The last line of an answer is its receipt (rows, tables, timings): small print.
    const receipt = lines.pop()!;
    return [
      { type: 'TextBlock', text: plain(lines.join('\n')), wrap: true },
      { type: 'TextBlock', text: plain(receipt), wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' },
    ];
  }
  if (reply.kind === 'command' && lines.length > 2) {
    // Command output (history, schema, stats) is column-aligned text: keep it monospace.
    const [first, ...rest] = lines;
    return [
      { type: 'TextBlock', text: plain(first!), wrap: true },
      { type: 'TextBlock', text: plain(rest.join('\n')), wrap: true, fontType: 'Monospace', size: 'Small' },
    ];
  }
  return [{ type: 'TextBlock', text: plain(reply.text.trim()), wrap: true, ...(reply.kind === 'error' ? { color: 'Attention' } : {}) }];
}

function renderTable(part: TablePart, shape: Shape): CardElement[] {
  if (part.columns.length === 0) return [small(`no columns · ${rowsText(part.totalRows)}`)];
  if (part.rows.length === 0) return [small(part.totalRows === 0 ? 'No rows.' : `Page ${int(part.page)} of ${int(part.pageCount)} is empty.`)];
  if (shape.rows === 0 || shape.cols === 0) return [small(`${tableStatusLine(part, 0)} · the table is too large for a Teams card; see the CSV`)];
  const columns = part.columns.slice(0, shape.cols);
  const rows = part.rows.slice(0, shape.rows);
  const cell = (text: string, opts: Record<string, unknown> = {}) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text: plain(text), wrap: true, ...opts }] });
  const table: CardElement = {
    type: 'Table',
    gridStyle: 'accent',
    firstRowAsHeader: true,
    showGridLines: true,
    columns: columns.map((c) => ({ type: 'TableColumnDefinition', width: 1, horizontalCellContentAlignment: isNumberType(c.type) ? 'Right' : 'Left' })),
    rows: [
      { type: 'TableRow', style: 'accent', cells: columns.map((c) => cell(clip(c.name, MAX_CELL_CHARS), { weight: 'Bolder' })) },
      ...rows.map((r) => ({ type: 'TableRow', cells: columns.map((c, i) => cell(displayCell(r[i] ?? null, c))) })),
    ],
  };
  const hidden = part.columns.length - columns.length;
  const status = `${tableStatusLine(part, rows.length)}${hidden > 0 ? ` · ${int(columns.length)} of ${int(part.columns.length)} columns` : ''}`;
  return [table, small(status)];
}

function csvLink(part: Extract<ReplyPart, { kind: 'csv' }>, url: string): CardElement {
  const rows = `${int(part.rowCount)} ${part.rowCount === 1 ? 'row' : 'rows'}`;
  // rowCount -1: not known here (a page's card keeps the link of its answer).
  const title = part.rowCount < 0 ? 'Download CSV' : part.truncated ? `Download CSV (${rows}, cut at the export limit)` : `Download CSV (${rows})`;
  return { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title, url }] };
}

function sqlBlock(sql: string, max: number): CardElement {
  const shown = sql.length > max ? `${sql.slice(0, max)}\n… (cut here; "show <id>" has it whole)` : sql;
  return { type: 'TextBlock', text: shown, wrap: true, fontType: 'Monospace', size: 'Small' };
}

function renderAction(action: ReplyAction, ctx: { sql: string | undefined; sqlChars: number; summary: string }): CardElement[] {
  const submit = (title: string, a: CardAction) => ({ type: 'Action.Submit', title, data: actionData(a) });
  switch (action.kind) {
    case 'page':
      return [submit(action.label, { kind: 'page', attemptId: action.attemptId, page: action.page, summary: ctx.summary })];
    case 'show_sql':
      // A toggle on the client: no round trip, and it works in every scope.
      if (!ctx.sql) return [];
      return [{ type: 'Action.ShowCard', title: action.label, card: { type: 'AdaptiveCard', version: CARD_VERSION, body: [sqlBlock(ctx.sql, ctx.sqlChars)] } }];
    case 'retry':
      return [submit(action.label, { kind: 'retry', attemptId: action.attemptId })];
    case 'feedback':
      if (action.value === 'up') return [submit(action.label, { kind: 'feedback', attemptId: action.attemptId, value: 'up' })];
      // 👎 opens a comment box: what was wrong helps fix it. Sending without a comment still counts.
      return [
        {
          type: 'Action.ShowCard',
          title: action.label,
          card: {
            type: 'AdaptiveCard',
            version: CARD_VERSION,
            body: [{ type: 'Input.Text', id: COMMENT_INPUT, isMultiline: true, maxLength: MAX_FEEDBACK_TEXT, placeholder: 'Wrong numbers, wrong tables, misunderstood question…' }],
            actions: [{ type: 'Action.Submit', title: 'Send 👎', data: actionData({ kind: 'feedback', attemptId: action.attemptId, value: 'down' }) }],
          },
        },
      ];
    default:
      return assertNever(action);
  }
}

function minimalCard(reply: Reply, csvUrl: string | undefined): AdaptiveCard {
  const body: CardElement[] = [{ type: 'TextBlock', text: plain(clip(firstLine(reply.text), 500)), wrap: true }, small('The full answer is too large for a Teams card: it follows as text.')];
  if (csvUrl) body.push({ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Download CSV', url: csvUrl }] });
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: CARD_VERSION, body };
}

function trimNote(table: TablePart | undefined, rows: number, cols: number, wantRows: number, wantCols: number): { trimmed?: string } {
  if (!table || (rows === wantRows && cols === wantCols)) return {};
  return { trimmed: `${rows === 0 ? 'the table' : `${wantRows - rows} rows and ${wantCols - cols} columns`} (to fit the Teams card limit)` };
}

function fits(card: AdaptiveCard, maxBytes: number): boolean {
  return Buffer.byteLength(JSON.stringify(card), 'utf8') <= maxBytes;
}

function fallbackText(reply: Reply, csvUrl: string | undefined): string {
  const lines = [reply.text.trim() || 'threadsql'];
  const sql = reply.parts.find((p) => p.kind === 'sql');
  if (sql?.kind === 'sql' && !reply.actions.some((a) => a.kind === 'show_sql')) lines.push(sql.sql);
  if (csvUrl) lines.push(`CSV: ${csvUrl}`);
  if (reply.attemptId) lines.push(`(attempt ${shortId(reply.attemptId)}: "page ${shortId(reply.attemptId)} 2", "retry ${shortId(reply.attemptId)}")`);
  return clip(lines.join('\n'), 20_000);
}

/** A cell for people: NULL as NULL, numbers grouped, long text cut, one line. */
export function displayCell(cell: Cell, column: ColumnMeta | undefined): string {
  if (cell === null) return 'NULL';
  let text: string;
  if (column && isNumberType(column.type) && (typeof cell === 'number' || typeof cell === 'string')) text = formatNumber(cell, column.type);
  else text = cellToText(cell);
  text = text.replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, ' ');
  if (text === '') return '""';
  return clip(text, MAX_CELL_CHARS);
}

/**
 * TextBlock text renders a Markdown subset (lists, emphasis, links). Data and questions are not
 * Markdown: a value like "1. Intro" or "- foo" would become a list. A zero-width space after a
 * leading list marker keeps it literal. Not backslash escapes: not every Teams client honours them,
 * and a visible backslash in a value is worse than the rare `*pair*` shown in italics.
 */
export function plain(text: string): string {
  return text
    .replace(/^(\s*)(\d+)\. /gm, '$1$2.\u200b ')
    .replace(/^(\s*)([-+]) /gm, '$1$2\u200b ');
}

function small(text: string): CardElement {
  return { type: 'TextBlock', text: plain(text), wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' };
}

function firstLine(text: string): string {
  return clip(text.trim().split('\n')[0] ?? '', 200) || 'threadsql';
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}
