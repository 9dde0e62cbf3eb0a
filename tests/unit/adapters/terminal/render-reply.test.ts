import { describe, expect, it } from 'vitest';
import { chartFilePath, renderReplyText } from '../../../../src/adapters/terminal/render-reply.ts';
import type { Reply, ReplyAction, ReplyPart } from '../../../../src/engine/reply.ts';
import type { Cell } from '../../../../src/warehouse/types.ts';
import { answerActions } from '../../../fixtures/reply-actions.ts';

const ESC = String.fromCharCode(27);
const ATTEMPT = '1a2b3c4d-0000-4000-8000-000000000001';

const monthRows: Cell[][] = Array.from({ length: 25 }, (_, i) => [`2025-${String((i % 12) + 1).padStart(2, '0')}-01`, `Region ${i}`, String(1000 * (i + 1))]);

// One of each part kind; the mapped type makes a new ReplyPart kind a compile error here until it has a fixture.
const ONE_OF_EACH: { [K in ReplyPart['kind']]: Extract<ReplyPart, { kind: K }> } = {
  table: {
    kind: 'table',
    columns: [
      { name: 'month', type: 'date' },
      { name: 'region', type: 'text' },
      { name: 'revenue', type: 'numeric' },
    ],
    rows: monthRows,
    page: 1,
    pageCount: 25,
    pageSize: 500,
    totalRows: 12_345,
  },
  sql: { kind: 'sql', sql: "SELECT date_trunc('month', o.ordered_at) AS month,\n       sum(o.total) AS revenue\nFROM public.orders o\nGROUP BY 1" },
  chart: { kind: 'chart', png: new Uint8Array(2048), altText: 'Line chart of revenue per month, Jan 2025 to Dec 2025' },
  csv: { kind: 'csv', path: '/var/threadsql/exports/1a2b3c4d.csv', rowCount: 10_000, truncated: true },
  notice: { kind: 'notice', tone: 'warning', text: 'Reading stopped at the 1,000,000-row limit.' },
};

const ACTIONS: ReplyAction[] = answerActions(ATTEMPT);

const ANSWER: Reply = {
  kind: 'answer',
  text: 'Revenue per month, 12,345 rows; in the first 500 rows, highest in Dec 2025: 1.2 M.\nTables: public.orders · 12,345 rows',
  parts: Object.values(ONE_OF_EACH),
  actions: ACTIONS,
  attemptId: ATTEMPT,
  status: 'success',
};

/** What a person must be able to read from each part, whatever the renderer does with it. */
function essentials(part: ReplyPart): string[] {
  switch (part.kind) {
    case 'table':
      return [...part.columns.map((c) => c.name), ...part.rows.slice(0, 20).flat().map(String), part.totalRows.toLocaleString('en-US')];
    case 'sql':
      return part.sql.split('\n').map((l) => l.trim());
    case 'chart':
      return [part.altText];
    case 'csv':
      return [part.path, part.rowCount.toLocaleString('en-US'), ...(part.truncated ? ['truncated'] : [])];
    case 'notice':
      return [part.text];
  }
}

const FIXTURES: Reply[] = [
  ANSWER,
  {
    kind: 'error',
    text: 'The query ran past the 30 s limit and was cancelled (attempt 1a2b3c4d, timeout).',
    parts: [
      { kind: 'notice', tone: 'error', text: 'The query ran past the 30 s limit and was cancelled.' },
      { kind: 'sql', sql: 'SELECT * FROM public.events' },
    ],
    actions: [{ kind: 'retry', attemptId: ATTEMPT, label: 'Retry' }],
    attemptId: ATTEMPT,
    status: 'timeout',
  },
  {
    kind: 'clarification',
    text: 'Do you mean revenue before or after refunds?',
    parts: [{ kind: 'notice', tone: 'info', text: 'Answer in this thread and I will continue.' }],
    actions: [],
  },
  { kind: 'command', text: 'history: 3 attempts', parts: [], actions: [], private: true },
];

describe('renderReplyText', () => {
  it.each(FIXTURES.map((r) => [r.kind, r] as const))('drops nothing from a %s reply', (_kind, reply) => {
    const out = renderReplyText(reply);
    expect(out).toContain(reply.text);
    for (const part of reply.parts) for (const text of essentials(part)) expect(out).toContain(text);
  });

  it('puts the text first and the parts in order', () => {
    const out = renderReplyText(ANSWER);
    expect(out.startsWith(ANSWER.text)).toBe(true);
    const at = (s: string) => out.indexOf(s);
    expect(at('month')).toBeLessThan(at('SQL:'));
    expect(at('SQL:')).toBeLessThan(at('chart:'));
    expect(at('chart:')).toBeLessThan(at('CSV:'));
    expect(at('CSV:')).toBeLessThan(at('warning:'));
    expect(at('warning:')).toBeLessThan(at('next:'));
  });

  it('shows at most 20 rows of the page and says which', () => {
    const out = renderReplyText(ANSWER);
    expect(out).toContain('showing rows 1–20 of 12,345 · page 1 of 25 · 5 more on this page in the CSV');
    expect(out).toContain('Region 19');
    expect(out).not.toContain('Region 20');
  });

  it('shows another number of rows when asked, and counts rows from the page', () => {
    const table = { ...ONE_OF_EACH.table, page: 3 };
    const out = renderReplyText({ ...ANSWER, parts: [table] }, { maxRows: 5 });
    expect(out).toContain('showing rows 1,001–1,005 of 12,345 · page 3 of 25');
    expect(out).not.toContain('Region 5');
  });

  it('says the whole table is shown when it is', () => {
    const table: ReplyPart = { kind: 'table', columns: [{ name: 'n', type: 'int4' }], rows: [[1], [2]], page: 1, pageCount: 1, pageSize: 500, totalRows: 2 };
    expect(renderReplyText({ ...ANSWER, parts: [table] })).toContain('showing rows 1–2 of 2');
    expect(renderReplyText({ ...ANSWER, parts: [{ ...table, rows: [], totalRows: 0 }] })).toContain('(no rows)');
  });

  it('aligns the table with format-table', () => {
    const out = renderReplyText(ANSWER);
    expect(out).toMatch(/month\s+│ region\s+│ revenue/);
    expect(out).toMatch(/─┼─/);
  });

  it('narrows cells to fit the terminal width', () => {
    const table: ReplyPart = {
      kind: 'table',
      columns: [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ],
      rows: [['x'.repeat(60), 'y'.repeat(60)]],
      page: 1,
      pageCount: 1,
      pageSize: 500,
      totalRows: 1,
    };
    const out = renderReplyText({ ...ANSWER, text: '', parts: [table], actions: [] }, { width: 60 });
    const tableLines = out.split('\n').slice(0, 3);
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(out).toContain('…');
  });

  it('labels and indents the SQL', () => {
    const out = renderReplyText({ ...ANSWER, parts: [ONE_OF_EACH.sql] });
    expect(out).toContain("SQL:\n  SELECT date_trunc('month', o.ordered_at) AS month,\n         sum(o.total) AS revenue\n  FROM public.orders o");
  });

  it('describes a chart and where its PNG is saved', () => {
    const withoutDir = renderReplyText({ ...ANSWER, parts: [ONE_OF_EACH.chart] });
    expect(withoutDir).toContain('chart: Line chart of revenue per month, Jan 2025 to Dec 2025 (PNG, 2.0 KB, not shown in a terminal)');
    const withDir = renderReplyText({ ...ANSWER, parts: [ONE_OF_EACH.chart, ONE_OF_EACH.chart] }, { chartDir: '/tmp/charts/' });
    expect(withDir).toContain('(PNG saved to /tmp/charts/1a2b3c4d-chart.png)');
    expect(withDir).toContain('(PNG saved to /tmp/charts/1a2b3c4d-chart-2.png)');
    expect(chartFilePath('/tmp/charts', { attemptId: ATTEMPT }, 1)).toBe('/tmp/charts/1a2b3c4d-chart-2.png');
  });

  it('shows the CSV path, row count and whether it was truncated', () => {
    expect(renderReplyText({ ...ANSWER, parts: [ONE_OF_EACH.csv] })).toContain('CSV: /var/threadsql/exports/1a2b3c4d.csv (10,000 rows, truncated)');
    expect(renderReplyText({ ...ANSWER, parts: [{ ...ONE_OF_EACH.csv, rowCount: 1, truncated: false }] })).toContain('CSV: /var/threadsql/exports/1a2b3c4d.csv (1 row)');
  });

  it.each([
    ['info', 'note:'],
    ['warning', 'warning:'],
    ['error', 'error:'],
  ] as const)('prefixes a %s notice with %s', (tone, prefix) => {
    expect(renderReplyText({ ...ANSWER, parts: [{ kind: 'notice', tone, text: 'hello' }] })).toContain(`${prefix} hello`);
  });

  it('turns the actions into one line of commands', () => {
    expect(renderReplyText(ANSWER)).toContain('next: page 1a2b3c4d 2 · show 1a2b3c4d · retry 1a2b3c4d · 👍/👎 feedback 1a2b3c4d up|down');
    expect(renderReplyText(FIXTURES[1]!)).toContain('next: retry 1a2b3c4d');
    expect(renderReplyText(FIXTURES[3]!)).not.toContain('next:');
  });

  it('uses ANSI colour only when asked', () => {
    const plain = renderReplyText(ANSWER);
    const colored = renderReplyText(ANSWER, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[');
    expect(colored.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(plain);
  });
});
