// The generator alone (no database): deterministic, big enough, and shaped like a real business.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemoDataset, type DemoDataset } from '../../../../src/warehouse/demo/dataset/generate.ts';

let first: DemoDataset;
let second: DemoDataset;

const hashes = (d: DemoDataset) => Object.fromEntries(d.tables.map((t) => [t.name, createHash('sha256').update(t.text).digest('hex')]));
const rowsOf = (d: DemoDataset, name: string) => {
  const table = d.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  const rows = table.text.trimEnd().split('\n').map((line) => line.split('\t'));
  return { rows, col: (column: string) => table.columns.indexOf(column) };
};

beforeAll(() => {
  first = generateDemoDataset(DEMO_SEED);
  second = generateDemoDataset(DEMO_SEED);
});

describe('demo dataset generator', () => {
  it('produces byte-identical tables from the same seed', () => {
    expect(hashes(second)).toEqual(hashes(first));
  });

  it('produces different data from another seed', () => {
    const other = generateDemoDataset(DEMO_SEED + 1);
    expect(hashes(other).orders).not.toBe(hashes(first).orders);
    expect(hashes(other).regions).toBe(hashes(first).regions); // reference data does not depend on the seed
  });

  it('has at least 8 tables and 200,000 rows', () => {
    expect(first.tables.length).toBeGreaterThanOrEqual(8);
    expect(first.tables.reduce((n, t) => n + t.rowCount, 0)).toBeGreaterThanOrEqual(200_000);
    for (const t of first.tables) expect(t.rowCount, t.name).toBeGreaterThan(0);
  });

  it('spreads orders over 2023-2025 with growth and a December peak', () => {
    const { rows, col } = rowsOf(first, 'orders');
    const at = col('ordered_at');
    const perYear = new Map<string, number>();
    const perMonth = new Map<string, number>();
    for (const r of rows) {
      const ts = r[at] as string;
      expect(ts >= '2023-01-01' && ts < '2026-01-01', ts).toBe(true);
      perYear.set(ts.slice(0, 4), (perYear.get(ts.slice(0, 4)) ?? 0) + 1);
      perMonth.set(ts.slice(0, 7), (perMonth.get(ts.slice(0, 7)) ?? 0) + 1);
    }
    expect(perYear.get('2024')!).toBeGreaterThan(perYear.get('2023')! * 1.15);
    expect(perYear.get('2025')!).toBeGreaterThan(perYear.get('2024')! * 1.15);
    for (const year of ['2023', '2024', '2025']) {
      expect(perMonth.get(`${year}-12`)!).toBeGreaterThan(perMonth.get(`${year}-02`)! * 1.4);
      expect(perMonth.get(`${year}-07`)!).toBeGreaterThan(perMonth.get(`${year}-03`)!);
    }
  });

  it('keeps references intact and statuses consistent', () => {
    const customers = rowsOf(first, 'customers').rows.length;
    const orders = rowsOf(first, 'orders');
    const orderIds = new Set(orders.rows.map((r) => r[orders.col('order_id')]));
    const statuses = new Set(orders.rows.map((r) => r[orders.col('status')]));
    expect([...statuses].sort()).toEqual(['cancelled', 'delivered', 'placed', 'returned', 'shipped']);
    const badOrders = orders.rows.filter((r) => {
      const customerId = Number(r[orders.col('customer_id')]);
      const total = Number(r[orders.col('total_amount')]);
      const expected = Number(r[orders.col('subtotal_amount')]) - Number(r[orders.col('discount_amount')]) + Number(r[orders.col('shipping_amount')]);
      return customerId < 1 || customerId > customers || Math.abs(total - expected) >= 0.005;
    });
    expect(badOrders).toEqual([]);
    const items = rowsOf(first, 'order_items');
    expect(items.rows.filter((r) => !orderIds.has(r[items.col('order_id')]))).toEqual([]);
    const returns = rowsOf(first, 'returns');
    const cancelled = new Set(orders.rows.filter((r) => r[orders.col('status')] === 'cancelled').map((r) => r[orders.col('order_id')]));
    expect(returns.rows.filter((r) => cancelled.has(r[returns.col('order_id')]))).toEqual([]);
  });

  it('records purchase events only for real web and app orders', () => {
    const orders = rowsOf(first, 'orders');
    const channelById = new Map(orders.rows.map((r) => [Number(r[orders.col('order_id')]), r[orders.col('channel')]]));
    const events = rowsOf(first, 'events');
    expect(events.rows.filter((r) => (r[events.col('occurred_at')] as string) < '2025-01-01')).toEqual([]);
    const purchases = events.rows.filter((r) => r[events.col('event_type')] === 'purchase');
    const channels = new Set(purchases.map((r) => {
      const payload = JSON.parse((r[events.col('payload')] as string).replace(/\\\\/g, '\\')) as { order_id: number };
      return channelById.get(payload.order_id);
    }));
    expect([...channels].sort()).toEqual(['mobile_app', 'web']);
    expect(purchases.length).toBeGreaterThan(1000);
  });
});
