// The bundled demo warehouse end to end: generated once per file into a temp folder, then queried
// through the same Warehouse interface as PostgreSQL. Timings are printed, never asserted, except
// the one the product promises: a runaway query ends within timeout + 1 s.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTimeoutError, ThreadsqlError, WarehouseDownError, WarehouseQueryError } from '../../src/lib/errors.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { generateDemoDataset } from '../../src/warehouse/demo/dataset/generate.ts';
import { readComplete } from '../../src/warehouse/demo/demo-data-dir.ts';
import { createPgliteWorkerClient } from '../../src/warehouse/demo/worker-client.ts';
import { createDemoWarehouse, DEMO_ROLE_NOTE, type DemoWarehouse } from '../../src/warehouse/demo/demo-warehouse.ts';
import type { Cell, ColumnMeta, StreamOptions } from '../../src/warehouse/types.ts';

let dataDir: string;
let wh: DemoWarehouse;

const opts: StreamOptions = { timeoutMs: 10_000, maxRows: 100_000, batchSize: 500 };

async function collect(sql: string, o: Partial<StreamOptions> = {}) {
  let columns: ColumnMeta[] = [];
  const rows: Cell[][] = [];
  const batches: number[] = [];
  const summary = await wh.stream(sql, { ...opts, ...o }, {
    columns: (c) => void (columns = c),
    rows: (b) => {
      batches.push(b.length);
      rows.push(...b);
    },
  });
  return { columns, rows, batches, summary };
}

const one = async (sql: string) => (await collect(sql)).rows[0];
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'threadsql-demo-'));
  const started = performance.now();
  wh = await createDemoWarehouse({ dataDir, logger: silentLogger });
  console.log(`demo warehouse first start (generate + build + load): ${Math.round(performance.now() - started)} ms`);
}, 240_000);

afterAll(async () => {
  await wh?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('demo warehouse: the dataset', () => {
  it('has at least 8 related tables and 200,000 rows', async () => {
    const tables = await wh.catalogQuery(
      `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1`,
    );
    const names = tables.map((t) => t.name as string);
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(names).toEqual(expect.arrayContaining(['customers', 'orders', 'order_items', 'products', 'categories', 'regions', 'stores', 'employees', 'events']));
    const counts = await collect(names.map((n) => `SELECT '${n}' AS name, count(*) AS rows FROM ${n}`).join(' UNION ALL '));
    const total = counts.rows.reduce((n, r) => n + Number(r[1]), 0);
    console.log(`demo warehouse rows: ${counts.rows.map((r) => `${r[0]}=${r[1]}`).join(', ')} (total ${total})`);
    expect(total).toBeGreaterThanOrEqual(200_000);
    const [fks] = await wh.catalogQuery(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    expect(fks?.n).toBeGreaterThanOrEqual(12);
  });

  it('describes every table and view, and most columns, in comments', async () => {
    const rows = await wh.catalogQuery(
      `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment,
              (SELECT count(*)::int FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL) AS commented_columns
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v') ORDER BY 1`,
    );
    for (const r of rows) expect(r.comment, `${String(r.name)} has a comment`).toEqual(expect.any(String));
    expect(rows.reduce((n, r) => n + (r.commented_columns as number), 0)).toBeGreaterThan(60);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['monthly_revenue', 'order_revenue']));
  });

  it('covers three full years with a December peak and refunds that matter', async () => {
    expect(await one(`SELECT min(ordered_at)::date, max(ordered_at)::date FROM orders`)).toEqual(['2023-01-01', '2025-12-31']);
    const { rows } = await collect(
      `SELECT extract(year FROM month)::int, sum(net_revenue) FILTER (WHERE extract(month FROM month) = 12),
              avg(net_revenue), sum(refunds) FROM monthly_revenue GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.map((r) => r[0])).toEqual([2023, 2024, 2025]);
    for (const [, december, average, refunds] of rows) {
      expect(Number(december)).toBeGreaterThan(Number(average) * 1.4);
      expect(Number(refunds)).toBeGreaterThan(0);
    }
  });

  it('loads exactly what the seeded generator produces', async () => {
    const again = generateDemoDataset(wh.files.manifest.seed);
    for (const t of again.tables) {
      expect(wh.files.manifest.tables[t.name], t.name).toEqual({ rows: t.rowCount, sha256: createHash('sha256').update(t.text).digest('hex') });
    }
    // Spot checks against the database itself: a few generated rows, field by field.
    const orders = again.tables.find((t) => t.name === 'orders')!;
    const lines = orders.text.split('\n');
    for (const index of [0, 12_345, 40_000]) {
      const fields = (lines[index] as string).split('\t');
      const row = await one(`SELECT order_id, customer_id, status::text, total_amount, to_char(ordered_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM orders WHERE order_id = ${fields[0]}`);
      expect(row).toEqual([Number(fields[0]), Number(fields[1]), fields[5], fields[14], fields[6]]);
    }
    const events = again.tables.find((t) => t.name === 'events')!;
    const e = (events.text.split('\n')[100] as string).split('\t');
    expect(await one(`SELECT event_type, payload FROM events WHERE event_id = ${e[0]}`)).toEqual([e[3], JSON.parse(e[6] as string)]);
  });

  it('reuses the built data on the second start', async () => {
    const { size, mtimeMs } = await stat(wh.files.tarballPath);
    const started = performance.now();
    const second = await createDemoWarehouse({ dataDir, logger: silentLogger });
    const readyMs = Math.round(performance.now() - started);
    try {
      const rows = (await second.catalogQuery('SELECT count(*)::int AS n FROM orders'))[0];
      console.log(`demo warehouse second start: ${readyMs} ms to ready, ${Math.round(performance.now() - started)} ms to first answer`);
      expect(second.files.generated).toBe(false);
      expect(second.files.manifest.createdAt).toBe(wh.files.manifest.createdAt);
      expect(rows?.n).toBe(wh.files.manifest.tables.orders?.rows);
      expect(await stat(second.files.tarballPath)).toMatchObject({ size, mtimeMs });
    } finally {
      await second.close();
    }
    await expect(second.ping()).rejects.toBeInstanceOf(WarehouseDownError);
  });
});

describe('demo warehouse: streaming', () => {
  it('returns typed cells like the pg connector', async () => {
    const { columns, rows } = await collect(`
      SELECT o.order_id, o.total_amount, o.ordered_at, o.status, o.ordered_at::date AS day, NULL::text AS nothing,
             9007199254740993::int8 AS big, true AS yes, '{"a":[1,2]}'::jsonb AS doc, ARRAY['x', 'y z'] AS tags,
             '7d0c7f6e-3f0a-4b1e-9c1e-2a3b4c5d6e7f'::uuid AS id, 0.5::float8 AS half
      FROM orders AS o WHERE o.order_id = 1`);
    expect(columns).toEqual([
      { name: 'order_id', type: 'int4' }, { name: 'total_amount', type: 'numeric' }, { name: 'ordered_at', type: 'timestamptz' },
      { name: 'status', type: 'order_status' }, { name: 'day', type: 'date' }, { name: 'nothing', type: 'text' },
      { name: 'big', type: 'int8' }, { name: 'yes', type: 'bool' }, { name: 'doc', type: 'jsonb' }, { name: 'tags', type: '_text' },
      { name: 'id', type: 'uuid' }, { name: 'half', type: 'float8' },
    ]);
    const [row] = rows;
    expect(row).toEqual([
      1, expect.stringMatching(/^\d+\.\d\d$/), expect.stringMatching(/^2023-01-01T\d\d:\d\d:\d\d\+00:00$/), expect.any(String),
      '2023-01-01', null, '9007199254740993', true, { a: [1, 2] }, ['x', 'y z'], '7d0c7f6e-3f0a-4b1e-9c1e-2a3b4c5d6e7f', 0.5,
    ]);
    expect(['placed', 'shipped', 'delivered', 'returned', 'cancelled']).toContain(row?.[3]);
  });

  it('delivers rows in batches of batchSize', async () => {
    const { rows, batches, summary } = await collect('SELECT g FROM generate_series(1, 25) g', { batchSize: 10 });
    expect(batches).toEqual([10, 10, 5]);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(summary).toMatchObject({ rowCount: 25, capped: false });
  });

  it('stops reading at maxRows and says the result was capped', async () => {
    const { rows, summary } = await collect('SELECT order_id FROM orders ORDER BY order_id', { maxRows: 1234, batchSize: 500 });
    expect(rows).toHaveLength(1234);
    expect(summary).toMatchObject({ rowCount: 1234, capped: true });
  });

  it('does not call a result capped when it fits exactly', async () => {
    const { rows, summary } = await collect('SELECT region_id FROM regions', { maxRows: 5 });
    expect(rows).toHaveLength(5);
    expect(summary.capped).toBe(false);
  });

  it('sends columns even when there are no rows', async () => {
    const { columns, rows, summary } = await collect(`SELECT order_id FROM orders WHERE false`);
    expect(columns).toEqual([{ name: 'order_id', type: 'int4' }]);
    expect(rows).toEqual([]);
    expect(summary).toMatchObject({ rowCount: 0, capped: false });
  });

  it('stops and rolls back when the consumer throws, and keeps answering', async () => {
    const boom = new Error('disk full while writing the CSV');
    const err = await failure(wh.stream('SELECT g FROM generate_series(1, 100000) g', { ...opts, batchSize: 100 }, {
      columns: () => undefined,
      rows: () => { throw boom; },
    }));
    expect(err).toBe(boom);
    expect(await one('SELECT count(*) FROM regions')).toEqual(['5']);
  });

  it('queues concurrent calls and answers each one', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => one(`SELECT ${n} AS n, count(*) FROM stores`)));
    expect(results.map((r) => r?.[0])).toEqual([1, 2, 3, 4]);
  });

  it('answers catalog queries with typed values and parameters', async () => {
    const rows = await wh.catalogQuery(
      `SELECT c.relname AS name, c.reltuples AS estimate, c.relkind AS kind
         FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relname = ANY($2) ORDER BY 1`,
      ['public', ['orders', 'regions']],
    );
    expect(rows).toEqual([
      { name: 'orders', estimate: wh.files.manifest.tables.orders?.rows, kind: 'r' },
      { name: 'regions', estimate: 5, kind: 'r' },
    ]);
  });
});

describe('demo warehouse: the read-only wall', () => {
  it.each([
    ['DELETE FROM orders'],
    ['CREATE TABLE x (a int)'],
    ['UPDATE customers SET email = NULL'],
    ['INSERT INTO regions VALUES (9, $$XX$$, $$Nowhere$$)'],
    ['WITH d AS (DELETE FROM returns RETURNING *) SELECT count(*) FROM d'],
    ['TRUNCATE events'],
  ])('refuses a write that got past the guard with SQLSTATE 25006: %s', async (sql) => {
    const err = await failure(collect(sql));
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect((err as WarehouseQueryError).sqlstate).toBe('25006');
    expect((err as WarehouseQueryError).userMessage).toMatch(/read-only transaction/);
  });

  it.each([
    ['SELECT 1; DELETE FROM orders'],
    ['COMMIT; DELETE FROM orders'],
    ['ROLLBACK; BEGIN; DELETE FROM orders; COMMIT'],
  ])('cannot escape the transaction with several statements: %s', async (sql) => {
    expect(await failure(collect(sql))).toBeInstanceOf(WarehouseQueryError);
  });

  it('still has every row after all those attempts', async () => {
    const counts = await one(`SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM returns), (SELECT count(*) FROM events)`);
    const m = wh.files.manifest.tables;
    expect(counts).toEqual([String(m.orders?.rows), String(m.returns?.rows), String(m.events?.rows)]);
  });

  it('leaves the session clean: nothing a statement set up outlives it', async () => {
    const [searchPath] = (await one("SELECT current_setting('search_path')")) ?? [];
    for (const sql of ["SELECT set_config('search_path', 'pg_catalog', false)", 'PREPARE p AS SELECT 1', "SET work_mem = '64MB'", 'SELECT pg_advisory_lock(42)']) {
      await failure(collect(sql));
    }
    expect(await one(
      `SELECT current_setting('search_path'), (SELECT count(*) FROM pg_prepared_statements), current_setting('work_mem'),
              (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'), (SELECT count(*) FROM regions)`,
    )).toEqual([searchPath, '0', '16MB', '0', '5']);
  });
});

describe('demo warehouse: errors, timeouts, cancel', () => {
  it("passes the database's own message on for a bad column, with its SQLSTATE", async () => {
    const err = (await failure(collect('SELECT foo FROM orders'))) as WarehouseQueryError;
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect(err.userMessage).toBe('column "foo" does not exist');
    expect(err.sqlstate).toBe('42703');
    const syntax = (await failure(collect('SELEC 1'))) as WarehouseQueryError;
    expect(syntax.sqlstate).toBe('42601');
    expect(syntax.userMessage).toMatch(/syntax error at or near "SELEC"/);
  });

  it('reports an error raised mid-stream after some rows were sent', async () => {
    const err = (await failure(collect('SELECT 10 / (1000 - g) FROM generate_series(1, 2000) g', { batchSize: 100 }))) as WarehouseQueryError;
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect(err.sqlstate).toBe('22012');
    expect(await one('SELECT 1')).toEqual([1]);
  });

  it('ends a pg_sleep at its timeout by replacing the worker, and keeps its data intact', async () => {
    const startsBefore = wh.workerStarts;
    const before = await stat(wh.files.tarballPath);
    const started = performance.now();
    const err = await failure(collect('SELECT pg_sleep(30)', { timeoutMs: 500 }));
    const elapsed = performance.now() - started;
    console.log(`demo pg_sleep(30) with a 500 ms timeout ended after ${Math.round(elapsed)} ms`);
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect(elapsed).toBeLessThan(1500);
    const recovered = performance.now();
    expect(await one('SELECT count(*) FROM orders')).toEqual([String(wh.files.manifest.tables.orders?.rows)]);
    console.log(`demo next query after a timeout answered in ${Math.round(performance.now() - recovered)} ms (fresh worker)`);
    expect(wh.workerStarts).toBe(startsBefore + 1);
    // Workers only ever read the tarball: terminating one mid-query cannot touch the files.
    expect(await stat(wh.files.tarballPath)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    expect(await readComplete(wh.files.dir, wh.files.manifest)).toEqual(wh.files.manifest);
  });

  it('ends a CPU-bound cross join at its timeout too', async () => {
    const started = performance.now();
    const err = await failure(collect('SELECT count(*) FROM generate_series(1, 100000) a CROSS JOIN generate_series(1, 100000) b', { timeoutMs: 500 }));
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await one('SELECT count(*) FROM customers')).toEqual([String(wh.files.manifest.tables.customers?.rows)]);
  });

  it('lets a queued call run after the one ahead of it timed out', async () => {
    const [slow, next] = await Promise.allSettled([
      collect('SELECT pg_sleep(30)', { timeoutMs: 400 }),
      collect('SELECT count(*) FROM regions', { timeoutMs: 10_000 }),
    ]);
    expect(slow.status === 'rejected' && slow.reason).toBeInstanceOf(QueryTimeoutError);
    expect(next.status === 'fulfilled' && next.value.rows).toEqual([['5']]);
  });

  it('cancels a running query when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const err = await failure(collect('SELECT pg_sleep(20)', { signal: controller.signal }));
    expect(err).toBeInstanceOf(ThreadsqlError);
    expect((err as ThreadsqlError).code).toBe('query_cancelled');
    expect(performance.now() - started).toBeLessThan(1300);
    expect(await one('SELECT count(*) FROM regions')).toEqual(['5']);
  });

  it('refuses to start a query whose signal is already aborted, without restarting the worker', async () => {
    const startsBefore = wh.workerStarts;
    const err = await failure(collect('SELECT 1', { signal: AbortSignal.abort() }));
    expect((err as ThreadsqlError).code).toBe('query_cancelled');
    expect(await one('SELECT 2')).toEqual([2]);
    expect(wh.workerStarts).toBe(startsBefore);
  });
});

describe('demo warehouse: identity', () => {
  it('describes itself without internals and answers a ping', async () => {
    expect(wh.kind).toBe('demo');
    expect(wh.dialect).toBe('postgres');
    expect(wh.description).toBe('demo warehouse (PGlite, embedded)');
    await expect(wh.ping()).resolves.toBeUndefined();
  });

  it('reports the embedded superuser honestly, saying why it is harmless here', async () => {
    const report = await wh.roleReport();
    expect(report).toEqual({ role: 'postgres', superuser: true, dangerous: ['superuser', DEMO_ROLE_NOTE], serverVersion: expect.stringMatching(/^\d+\.\d+/) });
  });
});

describe('demo warehouse: a worker that cannot load its data', () => {
  it.each([
    ['a missing tarball', async () => path.join(dataDir, 'missing.tar')],
    ['a corrupt tarball', async () => {
      const file = path.join(dataDir, 'garbage.tar');
      await writeFile(file, Buffer.alloc(10_000, 7));
      return file;
    }],
  ])('reports the warehouse as down for %s', async (_label, tarball) => {
    const client = createPgliteWorkerClient({ tarballPath: await tarball(), logger: silentLogger });
    try {
      const err = await failure(client.ready());
      expect(err).toBeInstanceOf(WarehouseDownError);
      expect((err as WarehouseDownError).userMessage).toMatch(/cannot be reached/);
    } finally {
      await client.close();
    }
  });
});
