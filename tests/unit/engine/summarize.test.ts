import { describe, expect, it } from 'vitest';
import { summarizeResult, type SummaryInput } from '../../../src/engine/summarize.ts';
import type { Cell, ColumnMeta } from '../../../src/warehouse/types.ts';

function input(columns: Array<[string, string]>, rows: Cell[][], extra: Partial<SummaryInput> = {}): SummaryInput {
  const cols: ColumnMeta[] = columns.map(([name, type]) => ({ name, type }));
  return {
    question: 'a question',
    columns: cols,
    rows,
    totalRows: rows.length,
    capped: false,
    exportRowCount: rows.length,
    exportTruncated: false,
    relations: ['public.orders', 'public.order_items'],
    ...extra,
  };
}

const MONTHLY: Cell[][] = [
  ['2025-01-01', '612000.00'],
  ['2025-02-01', '480300.00'],
  ['2025-03-01', '701500.50'],
  ['2025-04-01', '650000.00'],
  ['2025-05-01', '720000.00'],
  ['2025-06-01', '690000.00'],
  ['2025-07-01', '700000.00'],
  ['2025-08-01', '710000.00'],
  ['2025-09-01', '800000.00'],
  ['2025-10-01', '900000.00'],
  ['2025-11-01', '1100000.00'],
  ['2025-12-01', '1234567.89'],
];

const REGIONS: Cell[][] = [
  ['Europe', '3000000'],
  ['North America', '4100000'],
  ['Middle East & Africa', '600000'],
  ['Asia Pacific', '2500000'],
  ['Latin America', '900000'],
];

describe('summary sentence', () => {
  it('states a single number with its humanised column name', () => {
    const s = summarizeResult(input([['avg_order_value', 'numeric']], [['87.4012']]));
    expect(s.summary).toBe('Avg order value: 87.40.');
    expect(s.headline).toEqual({ label: 'Avg order value', value: '87.40' });
  });

  it('says "The answer is" when the column name says nothing, keeping every int8 digit', () => {
    const s = summarizeResult(input([['count', 'int8']], [['9007199254740993']]));
    expect(s.summary).toBe('The answer is 9,007,199,254,740,993.');
    expect(s.headline).toEqual({ label: 'Answer', value: '9,007,199,254,740,993' });
  });

  it('states a single text or NULL value', () => {
    expect(summarizeResult(input([['top_customer', 'text']], [['Acme Corp']])).summary).toBe('Top customer: Acme Corp.');
    expect(summarizeResult(input([['?column?', 'numeric']], [[null]])).summary).toBe('The answer is NULL.');
  });

  it('names the month of a one-row series', () => {
    const s = summarizeResult(input([['month', 'date'], ['revenue', 'numeric']], [['2025-01-01', '1234567.5']]));
    expect(s.summary).toBe('Revenue in 2025-01-01: 1,234,567.5.');
  });

  it('lists the values of a one-row, few-column result', () => {
    const s = summarizeResult(input([['orders', 'int8'], ['revenue', 'numeric'], ['aov', 'numeric']], [['1234', '107851.6', '87.4']]));
    expect(s.summary).toBe('One row: orders = 1,234, revenue = 107,851.6, aov = 87.4.');
  });

  it('describes a monthly series with its range, highest and lowest', () => {
    const s = summarizeResult(input([['month', 'date'], ['revenue', 'numeric']], MONTHLY));
    expect(s.summary).toBe('Revenue per month, 12 rows from Jan 2025 to Dec 2025; highest in Dec 2025: 1.2 M; lowest in Feb 2025: 480.3 K.');
  });

  it('finds the range even when the rows are newest first', () => {
    const s = summarizeResult(input([['month', 'date'], ['revenue', 'numeric']], [...MONTHLY].reverse()));
    expect(s.summary).toContain('from Jan 2025 to Dec 2025');
  });

  it.each([
    [['2023-01-01', '2024-01-01', '2025-01-01'], 'per year', 'in 2025'],
    [['2025-01-01', '2025-04-01', '2025-07-01'], 'per quarter', 'in Q3 2025'],
    [['2025-01-06', '2025-01-13', '2025-01-20'], 'per week', 'in the week of 2025-01-20'],
    [['2025-01-06', '2025-01-07', '2025-01-09'], 'per day', 'on 2025-01-09'],
  ])('detects the granularity of %j', (dates, per, highest) => {
    const rows = dates.map((d, i) => [d, String(10 * (i + 1))]);
    const s = summarizeResult(input([['period', 'date'], ['orders', 'int8']], rows));
    expect(s.summary).toContain(`Orders ${per}, 3 rows`);
    expect(s.summary).toContain(`highest ${highest}: 30`);
  });

  it('describes a measure by category with the highest and lowest', () => {
    const s = summarizeResult(input([['region', 'text'], ['revenue', 'numeric']], REGIONS));
    expect(s.summary).toBe('Revenue by region, 5 rows; highest: North America (4.1 M), lowest: Middle East & Africa (600 K).');
  });

  it('takes more decimals rather than show the highest and lowest as equal', () => {
    const s = summarizeResult(input([['sku', 'text'], ['revenue', 'numeric']], [['a', '1236000'], ['b', '1234000'], ['c', '1235000']]));
    expect(s.summary).toContain('highest: a (1.24 M), lowest: b (1.23 M)');
  });

  it('compares int8 values exactly, beyond what a double can tell apart', () => {
    const s = summarizeResult(input([['customer_id', 'int8'], ['points', 'int8']], [['1', '9007199254740992'], ['2', '9007199254740993']]));
    expect(s.summary).toMatch(/highest: 2 \(/);
    expect(s.summary).toMatch(/lowest: 1 \(/);
  });

  it('treats id and year columns as labels, not measures', () => {
    const s = summarizeResult(input([['year', 'numeric'], ['orders', 'int8']], [['2024', '10'], ['2025', '12']]));
    expect(s.summary).toBe('Orders by year, 2 rows; highest: 2025 (12), lowest: 2024 (10).');
  });

  it('names ties and counts rows without a value', () => {
    const s = summarizeResult(
      input([['region', 'text'], ['orders', 'int8']], [['A', '5'], ['B', '9'], ['C', '9'], ['D', null], ['E', '1']]),
    );
    expect(s.summary).toBe('Orders by region, 5 rows; highest: B and C (9), lowest: E (1); 1 row has no value.');
  });

  it('says when every value is the same', () => {
    const s = summarizeResult(input([['region', 'text'], ['orders', 'int8']], [['A', '7'], ['B', '7']]));
    expect(s.summary).toBe('Orders by region, 2 rows; all 2 values are 7.');
  });

  it('limits claims to the first page when more rows exist', () => {
    const s = summarizeResult(input([['region', 'text'], ['revenue', 'numeric']], REGIONS, { totalRows: 12_345 }));
    expect(s.summary).toBe(
      'Revenue by region, 12,345 rows; in the first 5 rows, highest: North America (4.1 M), lowest: Middle East & Africa (600 K).',
    );
    const t = summarizeResult(input([['month', 'date'], ['revenue', 'numeric']], MONTHLY, { totalRows: 500_000, capped: true }));
    expect(t.summary).toBe(
      'Revenue per month, at least 500,000 rows; in the first 12 rows, from Jan 2025 to Dec 2025, highest in Dec 2025: 1.2 M; lowest in Feb 2025: 480.3 K.',
    );
  });

  it('does not treat a capped single row as the whole answer', () => {
    const s = summarizeResult(input([['n', 'int4']], [[1]], { totalRows: 1, capped: true }));
    expect(s.summary).toBe('at least 1 row × 1 column (n).');
  });

  it('falls back to rows × columns for several measures or text only', () => {
    const rows = [
      ['EU', '10', '1000.5', '100.05'],
      ['NA', '20', '2500', '125'],
    ];
    const s = summarizeResult(input([['region', 'text'], ['orders', 'int8'], ['revenue', 'numeric'], ['aov', 'numeric']], rows));
    expect(s.summary).toBe('2 rows × 4 columns (region, orders, revenue, aov).');
    const t = summarizeResult(input([['first_name', 'text'], ['last_name', 'text']], [['a', 'b'], ['c', 'd']]));
    expect(t.summary).toBe('2 rows × 2 columns (first_name, last_name).');
  });

  it('adds the date range to the generic sentence where there is one date column', () => {
    const rows = [
      ['2025-01-01', 'EU', '5'],
      ['2025-03-01', 'NA', '7'],
    ];
    const s = summarizeResult(input([['month', 'date'], ['region', 'text'], ['orders', 'int8']], rows));
    expect(s.summary).toBe('2 rows × 3 columns (month, region, orders), month from Jan 2025 to Mar 2025.');
  });

  it('says when there are no rows', () => {
    expect(summarizeResult(input([['x', 'int4']], [])).summary).toBe('The query returned no rows.');
  });

  it('cuts long text and keeps it on one line', () => {
    const s = summarizeResult(input([['note', 'text']], [[`line one\nline two ${'x'.repeat(100)}`]]));
    expect(s.summary).not.toContain('\n');
    expect(s.summary.length).toBeLessThan(80);
    expect(s.summary).toContain('…');
  });

  it('never reuses the question as a claim', () => {
    const s = summarizeResult(input([['x', 'int4']], [[1]], { question: 'Revenue was 5 billion, right?' }));
    expect(s.summary).not.toContain('billion');
  });
});

describe('receipt', () => {
  it('names tables, rows, the newest date and the KB example used as-is', () => {
    const s = summarizeResult(
      input([['day', 'date'], ['revenue', 'numeric']], [['2025-12-30', '5'], ['2025-12-31', '6'], ['2025-12-29', '7']], {
        kbMatch: { file: 'kb/monthly-revenue.sql', question: 'Monthly revenue in 2025', usedDirectly: true },
      }),
    );
    expect(s.receipt).toBe(
      'Tables: public.orders, public.order_items · 3 rows · data up to 2025-12-31 · answered from KB example "Monthly revenue in 2025" (monthly-revenue.sql)',
    );
  });

  it('says a KB example guided the model, and that the SQL came from the cache', () => {
    const s = summarizeResult(
      input([['n', 'int4']], [[1]], { kbMatch: { file: 'top.sql', question: 'Top "customers"', usedDirectly: false }, fromCache: true }),
    );
    expect(s.receipt).toBe(`Tables: public.orders, public.order_items · 1 row · guided by KB example "Top 'customers'" (top.sql) · SQL reused from the answer cache`);
  });

  it('shows the newest date at the column granularity', () => {
    const s = summarizeResult(input([['month', 'date'], ['revenue', 'numeric']], MONTHLY));
    expect(s.receipt).toContain('data up to Dec 2025');
  });

  it('takes the newest date over every date column, timestamps included', () => {
    const rows = [
      ['2025-01-01', '2025-06-30T10:15:00+00:00', 'a'],
      ['2025-02-01', '2025-07-01T09:00:01+00:00', 'b'],
    ];
    const s = summarizeResult(input([['signup', 'date'], ['last_seen', 'timestamptz'], ['name', 'text']], rows));
    expect(s.receipt).toContain('data up to 2025-07-01 09:00:01');
  });

  it('says when the row count was capped and the CSV truncated', () => {
    const s = summarizeResult(
      input([['id', 'int8']], [['1']], { totalRows: 1_000_000, capped: true, exportRowCount: 10_000, exportTruncated: true }),
    );
    expect(s.receipt).toBe(
      'Tables: public.orders, public.order_items · 1,000,000 rows (capped at 1,000,000) · CSV has the first 10,000 of at least 1,000,000 rows',
    );
    const t = summarizeResult(input([['id', 'int8']], [['1']], { totalRows: 1_234_567, exportRowCount: 10_000, exportTruncated: true }));
    expect(t.receipt).toContain('CSV has the first 10,000 of 1,234,567 rows');
  });

  it('limits the newest date to the rows seen', () => {
    const s = summarizeResult(input([['day', 'date'], ['n', 'int4']], [['2025-01-01', 1], ['2025-01-02', 2]], { totalRows: 900 }));
    expect(s.receipt).toContain('data up to 2025-01-02 in the first 2 rows');
  });

  it('says when no table was read', () => {
    expect(summarizeResult(input([['x', 'int4']], [[1]], { relations: [] })).receipt).toBe('No tables read · 1 row');
  });
});
