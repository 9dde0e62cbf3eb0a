import { describe, expect, it } from 'vitest';
import { decodeValue } from '../../../../src/adapters/slack/action-ids.ts';
import { MAX_SECTION_TEXT } from '../../../../src/adapters/slack/limits.ts';
import { displayCell, renderPageUpdate, renderReply, replyUploads, type Block } from '../../../../src/adapters/slack/render-reply.ts';
import type { Reply, ReplyAction, ReplyPart } from '../../../../src/engine/reply.ts';
import type { Cell } from '../../../../src/warehouse/types.ts';
import { answerActions } from '../../../fixtures/reply-actions.ts';

// Slack payloads and blocks are plain JSON here; the assertions say what shape they must have.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ATTEMPT = '1a2b3c4d-0000-4000-8000-000000000001';
const rows: Cell[][] = Array.from({ length: 25 }, (_, i) => [`2025-${String((i % 12) + 1).padStart(2, '0')}-01`, i === 3 ? null : `Region ${i}`, String(1_234_567 * (i + 1))]);

// One of each part kind; the mapped type makes a new ReplyPart kind a compile error here until it has a fixture.
const ONE_OF_EACH: { [K in ReplyPart['kind']]: Extract<ReplyPart, { kind: K }> } = {
  table: {
    kind: 'table',
    columns: [
      { name: 'month', type: 'date' },
      { name: 'region', type: 'text' },
      { name: 'revenue', type: 'numeric' },
    ],
    rows,
    page: 1,
    pageCount: 25,
    pageSize: 500,
    totalRows: 12_345,
  },
  sql: { kind: 'sql', sql: 'SELECT month, region, revenue FROM sales WHERE revenue > 0 AND region <> \'x\'' },
  chart: { kind: 'chart', png: new Uint8Array([137, 80, 78, 71]), altText: 'Line chart of revenue per month' },
  csv: { kind: 'csv', path: '/tmp/exports/1a2b3c4d.csv', rowCount: 10_000, truncated: true },
  notice: { kind: 'notice', tone: 'warning', text: 'Reading stopped at the row limit.' },
};

const ACTIONS: ReplyAction[] = answerActions(ATTEMPT);

const ANSWER: Reply = {
  kind: 'answer',
  text: 'Revenue by month & region: highest 30.9 M in Jan 2025.\n12,345 rows · Tables: public.sales',
  parts: Object.values(ONE_OF_EACH),
  actions: ACTIONS,
  attemptId: ATTEMPT,
  status: 'success',
};

const find = (blocks: Block[], type: string) => blocks.filter((b) => b.type === type) as Array<Json>;

describe('Slack render-reply', () => {
  it('renders summary, receipt, table, notice and buttons; text carries the whole answer', () => {
    const m = renderReply(ANSWER);
    expect(m.text).toBe(ANSWER.text);
    expect(m.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: 'Revenue by month &amp; region: highest 30.9 M in Jan 2025.' } });
    expect(m.blocks[1]).toMatchObject({ type: 'context' });
    const [table] = find(m.blocks, 'table');
    expect(table!.rows).toHaveLength(21);
    expect(table!.column_settings.map((c: { align: string }) => c.align)).toEqual(['left', 'left', 'right']);
    expect(table!.rows[4][1]).toEqual({ type: 'raw_text', text: 'NULL' });
    expect(table!.rows[1][2].text).toBe('1,234,567');
    expect(JSON.stringify(m.blocks)).toContain('showing 20 of 12,345 rows · page 1 of 25');
    expect(JSON.stringify(m.blocks)).toContain('Reading stopped at the row limit.');
    expect(JSON.stringify(m.blocks)).not.toContain('SELECT'); // behind "Show SQL"
    const buttons = find(m.blocks, 'actions').flatMap((b) => b.elements);
    expect(buttons.map((b: { action_id: string }) => b.action_id)).toEqual([
      'threadsql_page_next',
      'threadsql_page_csv',
      'threadsql_show_sql',
      'threadsql_retry',
      'threadsql_feedback_up',
      'threadsql_feedback_down',
    ]);
    expect(decodeValue(buttons[0].value)).toEqual({ attemptId: ATTEMPT, page: 2 });
    expect(buttons[1].text.text).toBe('Download CSV of this page');
    expect(decodeValue(buttons[1].value)).toEqual({ attemptId: ATTEMPT, page: 1 }); // the page shown
  });

  it('offers no page CSV for a one-page result (its CSV is the whole result)', () => {
    const onePage: Reply = { ...ANSWER, parts: [{ ...ONE_OF_EACH.table, pageCount: 1, totalRows: 25 }] };
    const ids = find(renderReply(onePage).blocks, 'actions').flatMap((b) => b.elements).map((e: { action_id: string }) => e.action_id);
    expect(ids).not.toContain('threadsql_page_csv');
    expect(ids).toContain('threadsql_show_sql');
  });

  it('falls back to an aligned code block when the table is too wide for a table block', () => {
    const columns = Array.from({ length: 24 }, (_, i) => ({ name: `c${i}`, type: 'int4' }));
    const wide: Reply = { ...ANSWER, parts: [{ kind: 'table', columns, rows: [columns.map((_, i) => i), columns.map(() => null)], page: 1, pageCount: 1, pageSize: 500, totalRows: 2 }] };
    const m = renderReply(wide);
    expect(find(m.blocks, 'table')).toHaveLength(0);
    const code = find(m.blocks, 'section').find((b) => String(b.text.text).startsWith('```'))!;
    expect(code.text.text).toContain('c0 |   c1 |');
    expect(code.text.text).toContain('NULL');
    expect(code.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
  });

  it('keeps every section under 3,000 characters and the fence closed', () => {
    const long: Reply = { kind: 'error', text: 'x'.repeat(5000), parts: [{ kind: 'sql', sql: 'SELECT 1 '.repeat(1000) }], actions: [] };
    const m = renderReply(long);
    for (const b of find(m.blocks, 'section')) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(find(m.blocks, 'section').some((b) => /```$/.test(b.text.text))).toBe(true);
  });

  it('lists the CSV (saying when truncated) and the chart with alt text as uploads', () => {
    const uploads = replyUploads(ANSWER);
    expect(uploads).toEqual([
      { kind: 'chart', png: ONE_OF_EACH.chart.png, filename: 'threadsql-1a2b3c4d-chart.png', title: 'Chart', altText: 'Line chart of revenue per month' },
      expect.objectContaining({ kind: 'csv', path: '/tmp/exports/1a2b3c4d.csv', comment: expect.stringContaining('truncated') }),
    ]);
  });

  it('edits a page into an answer: summary kept, new table, prev/next replaced, other buttons kept', () => {
    const first = renderReply(ANSWER);
    const page2: Reply = {
      kind: 'answer',
      text: 'Page 2 of 25.',
      parts: [{ ...ONE_OF_EACH.table, page: 2, rows: rows.slice(0, 5) }],
      actions: [
        { kind: 'page', attemptId: ATTEMPT, page: 1, label: 'Previous page' },
        { kind: 'page', attemptId: ATTEMPT, page: 3, label: 'Next page' },
      ],
      attemptId: ATTEMPT,
    };
    const m = renderPageUpdate(first.blocks, page2);
    expect(m.blocks[0]!.block_id).toBe(first.blocks[0]!.block_id);
    expect(JSON.stringify(m.blocks)).toContain('showing rows 501–505 of 12,345 · page 2 of 25');
    const ids = find(m.blocks, 'actions').flatMap((b) => b.elements).map((e: { action_id: string }) => e.action_id);
    expect(ids).toEqual(['threadsql_page_prev', 'threadsql_page_next', 'threadsql_page_csv', 'threadsql_show_sql', 'threadsql_retry', 'threadsql_feedback_up', 'threadsql_feedback_down']);
    const csv = find(m.blocks, 'actions').flatMap((b) => b.elements).find((e: { action_id: string }) => e.action_id === 'threadsql_page_csv');
    expect(decodeValue(csv.value)).toEqual({ attemptId: ATTEMPT, page: 2 }); // now names page 2, and only once
  });

  it('shows NULL, empty strings and numbers for people', () => {
    expect(displayCell(null, { name: 'a', type: 'text' })).toBe('NULL');
    expect(displayCell('', { name: 'a', type: 'text' })).toBe('""');
    expect(displayCell('12345678901234567890', { name: 'a', type: 'int8' })).toBe('12,345,678,901,234,567,890');
    expect(displayCell('line1\nline2', { name: 'a', type: 'text' })).toBe('line1 ⏎ line2');
  });
});
