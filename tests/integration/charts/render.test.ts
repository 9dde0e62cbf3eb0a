// Every chart type renders to a real PNG: 2× size, not blank, and with its text drawn (the same
// chart without axis labels differs). Bad inputs give a chart or a reason, never a throw.
import { describe, expect, it } from 'vitest';
import type { ChartInput, ChartKind, ChartRequest } from '../../../src/charts/chart-types.ts';
import { drawChart } from '../../../src/charts/draw-chart.ts';
import type { Cell } from '../../../src/warehouse/types.ts';
import { differingPixels, pixelsOf, variance } from './png-helpers.ts';

const months = (n: number) => Array.from({ length: n }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
const many = (n: number, f: (i: number) => Cell[]) => Array.from({ length: n }, (_, i) => f(i));
const input = (columns: ChartInput['columns'], rows: Cell[][], extra: Partial<ChartInput> = {}): ChartInput => ({ question: 'How are we doing?', columns, rows, totalRows: rows.length, ...extra });

const byRegion = input(
  [{ name: 'region', type: 'text' }, { name: 'revenue', type: 'numeric' }, { name: 'cost', type: 'numeric' }],
  ['Europe', 'North America', 'Asia Pacific', 'Africa'].map((r, i) => [r, String(1000 * (i + 2)), String(700 * (i + 1))]),
);

const TYPES: Array<[ChartKind, ChartInput, ChartRequest]> = [
  ['line', input([{ name: 'month', type: 'date' }, { name: 'revenue', type: 'numeric' }], months(24).map((m, i) => [m, String(5000 + i * 300)])), {}],
  ['area', input([{ name: 'month', type: 'date' }, { name: 'revenue', type: 'numeric' }], months(24).map((m, i) => [m, String(5000 + i * 300)])), { kind: 'area' }],
  ['bar', input([{ name: 'region', type: 'text' }, { name: 'revenue', type: 'numeric' }], many(30, (i) => [`Region ${i}`, String(100 + i * i)])), {}],
  ['grouped_bar', byRegion, {}],
  ['stacked_bar', byRegion, { kind: 'stacked_bar' }],
  ['scatter', input([{ name: 'price', type: 'numeric' }, { name: 'units', type: 'int4' }], many(200, (i) => [String(i), 300 - i + (i % 7) * 10])), {}],
  ['histogram', input([{ name: 'order_total', type: 'numeric' }], many(800, (i) => [String((i * 37) % 500)])), {}],
  ['pie', input([{ name: 'channel', type: 'text' }, { name: 'orders', type: 'int8' }], [['web', '500'], ['app', '300'], ['store', '120']]), { kind: 'pie' }],
];

describe('chart rendering', () => {
  for (const [kind, data, request] of TYPES) {
    it(`renders a ${kind} as a 2× PNG with its text drawn`, async () => {
      const chart = await drawChart(data, request);
      expect(chart.ok, JSON.stringify(chart.ok ? '' : chart)).toBe(true);
      if (!chart.ok) return;
      expect(chart.plan.kind).toBe(kind);
      expect(Buffer.from(chart.png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
      const pixels = await pixelsOf(chart.png);
      expect(pixels.width).toBeGreaterThanOrEqual(kind === 'pie' ? 600 : 1000);
      expect(pixels.height).toBeGreaterThanOrEqual(300);
      expect(variance(pixels)).toBeGreaterThan(10);
      expect(chart.altText.length).toBeGreaterThan(30);
      expect(chart.spec).toMatchObject({ usermeta: { threadsql: { plan: { kind } } } });
      if (kind !== 'pie') {
        const bare = await drawChart(data, request, { axisLabels: false });
        expect(bare.ok).toBe(true);
        if (bare.ok) expect(differingPixels(pixels, await pixelsOf(bare.png))).toBeGreaterThan(500);
      }
    });
  }

  it('uses the question as the title and names the top item in the alt text', async () => {
    const chart = await drawChart({ ...byRegion, columns: byRegion.columns.slice(0, 2), rows: byRegion.rows.map((r) => r.slice(0, 2)), question: 'revenue by region?' });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.spec).toMatchObject({ title: { text: 'Revenue by region' } });
    expect(chart.altText).toMatch(/^Bar chart of revenue by region, 4 bars, from 2,000 \(Europe\) to 5,000 \(Africa\)\. Largest: Africa, 5,000\.$/);
  });

  it('cuts 40 categories to the top 15 plus Other and says so', async () => {
    const chart = await drawChart(input([{ name: 'country', type: 'text' }, { name: 'customers', type: 'int8' }], many(40, (i) => [`Country ${i}`, String(i + 1)])));
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    const values = (chart.spec.data as { values: Array<{ x: string }> }).values;
    expect(values).toHaveLength(16);
    expect(values[0]!.x).toBe('Country 39');
    expect(values.at(-1)!.x).toBe('Other');
    expect(chart.notes.join(' ')).toMatch(/Top 15 of 40 country values; the other 25 are added up as "Other"/);
  });
});

describe('bad input', () => {
  const cases: Array<[string, ChartInput, ChartRequest?]> = [
    ['nulls among values', input([{ name: 'region', type: 'text' }, { name: 'revenue', type: 'numeric' }], [['A', null], [null, '5'], ['C', '7']])],
    ['negative numbers', input([{ name: 'store', type: 'text' }, { name: 'profit', type: 'numeric' }], [['A', '-10'], ['B', '20'], ['C', '-5']])],
    ['a single row', input([{ name: 'region', type: 'text' }, { name: 'revenue', type: 'numeric' }], [['A', '1']])],
    ['100,000 rows, line', input([{ name: 'ts', type: 'timestamp' }, { name: 'value', type: 'float8' }], many(100_000, (i) => [new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().slice(0, 19), Math.sin(i / 500)]))],
    ['first 10,000 of 100,000 rows', input([{ name: 'amount', type: 'numeric' }], many(10_000, (i) => [String(i % 977)]), { totalRows: 100_000 })],
    ['dates as strings', input([{ name: 'day', type: 'text' }, { name: 'n', type: 'int4' }], many(20, (i) => [`2025-02-${String(i + 1).padStart(2, '0')}`, i]))],
    ['bigint beyond 2^53', input([{ name: 'account', type: 'text' }, { name: 'balance', type: 'int8' }], [['a', '9007199254740993'], ['b', '12345678901234567890']])],
    ['emoji and right-to-left labels', input([{ name: 'team', type: 'text' }, { name: 'score', type: 'int4' }], [['🚀 Rockets', 5], ['فريق', 3], ['צוות', 4], ['🎉', 1]])],
    ['keywords, dots and quotes in column names', input([{ name: 'select', type: 'text' }, { name: 'a."b".c', type: 'numeric' }], [['x', '1'], ['y', '2']])],
    ['all values equal', input([{ name: 'region', type: 'text' }, { name: 'n', type: 'int4' }], [['A', 3], ['B', 3], ['C', 3]])],
    ['all values NULL', input([{ name: 'region', type: 'text' }, { name: 'n', type: 'int4' }], [['A', null], ['B', null]])],
    ['NaN and Infinity', input([{ name: 'region', type: 'text' }, { name: 'ratio', type: 'float8' }], [['A', 'NaN'], ['B', 'Infinity'], ['C', 2]])],
    ['log scale with zeros', input([{ name: 'region', type: 'text' }, { name: 'n', type: 'int4' }], [['A', 0], ['B', 10], ['C', 1000]]), { logScale: true }],
    ['long labels', input([{ name: 'product', type: 'text' }, { name: 'n', type: 'int4' }], [['A very long product name that goes on and on and on', 3], ['A very long product name that goes on and on and off', 4]])],
  ];
  for (const [name, data, request] of cases) {
    it(`gives a chart or a reason for ${name}`, async () => {
      const chart = await drawChart(data, request ?? {});
      if (chart.ok) {
        const pixels = await pixelsOf(chart.png);
        expect(variance(pixels)).toBeGreaterThan(10);
        expect(chart.altText).not.toMatch(/NaN|undefined|Infinity/);
      } else {
        expect(chart.reason).toMatch(/\w+/);
      }
    });
  }

  it('says when a chart is drawn from the first rows only', async () => {
    const chart = await drawChart(cases[4]![1]);
    expect(chart.ok && chart.notes[0]).toBe('Drawn from the first 10,000 of 100,000 rows.');
  });

  it('keeps two labels that truncate alike apart', async () => {
    const chart = await drawChart(cases.at(-1)![1]);
    expect(chart.ok).toBe(true);
    if (chart.ok) {
      const labels = (chart.spec.data as { values: Array<{ x: string }> }).values.map((v) => v.x);
      expect(new Set(labels).size).toBe(2);
      expect(labels.every((l) => l.length <= 32)).toBe(true);
    }
  });

  it('drops emoji (no glyphs in the shipped font) but keeps the words', async () => {
    const chart = await drawChart(cases[7]![1]);
    expect(chart.ok).toBe(true);
    if (chart.ok) expect((chart.spec.data as { values: Array<{ x: string }> }).values.map((v) => v.x)).toEqual(['Rockets', 'צוות', 'فريق', '(emoji)']);
  });
});
