// The second wall on the real PostgreSQL: statements that somehow got past the guard still cannot
// write, cannot run forever, and cannot leave anything behind on a pooled connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTimeoutError, ThreadsqlError, WarehouseDownError, WarehouseQueryError } from '../../src/lib/errors.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createPgWarehouse } from '../../src/warehouse/pg/pg-warehouse.ts';
import type { Cell, ColumnMeta, Warehouse } from '../../src/warehouse/types.ts';
import { createReadOnlyRole, createTestDatabase, dropRole, type TestDatabase } from '../helpers/pg-database.ts';

let db: TestDatabase;
let wh: Warehouse;
let roUrl: string;

const opts = { timeoutMs: 5000, maxRows: 1_000_000, batchSize: 500 };

async function collect(w: Warehouse, sql: string, o: Partial<typeof opts> & { signal?: AbortSignal } = {}) {
  let columns: ColumnMeta[] = [];
  const rows: Cell[][] = [];
  const summary = await w.stream(sql, { ...opts, ...o }, {
    columns: (c) => void (columns = c),
    rows: (b) => void rows.push(...b),
  });
  return { columns, rows, summary };
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_pgwh');
  await db.admin(`
    CREATE SEQUENCE s;
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE DOMAIN year AS integer CHECK (VALUE > 1900);
    CREATE TABLE t (id int PRIMARY KEY, amount numeric(20,4), big bigint, d date, ts timestamptz,
                    doc jsonb, tags text[], m mood, y year, note text, flag boolean, f float8);
    INSERT INTO t VALUES
      (1, 12345678901234.5678, 9007199254740993, '2025-03-01', '2025-03-01 12:34:56+00', '{"a":[1,2]}',
       '{x,"y z"}', 'happy', 2024, '', true, 0.1),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`);
  roUrl = await createReadOnlyRole(db);
  wh = createPgWarehouse({ url: db.url, logger: silentLogger });
});

afterAll(async () => {
  await wh?.close();
  await db?.drop();
  if (db && roUrl) await dropRole(db, roUrl);
});

describe('pg warehouse: types survive', () => {
  it('returns exact numerics, ISO dates, JSON, arrays, enums, domains and nulls', async () => {
    const { columns, rows } = await collect(wh, 'SELECT * FROM t ORDER BY id');
    expect(columns.map((c) => c.type)).toEqual([
      'int4', 'numeric', 'int8', 'date', 'timestamptz', 'jsonb', '_text', 'mood', 'int4', 'text', 'bool', 'float8',
    ]);
    expect(rows[0]).toEqual([
      1, '12345678901234.5678', '9007199254740993', '2025-03-01', expect.stringMatching(/^2025-03-01T\d\d:34:56[+-]\d\d:\d\d$/),
      { a: [1, 2] }, ['x', 'y z'], 'happy', 2024, '', true, 0.1,
    ]);
    expect(rows[1]).toEqual([2, null, null, null, null, null, null, null, null, null, null, null]);
  });
});

describe('pg warehouse: the read-only wall', () => {
  it.each([
    ['DELETE FROM t'],
    ['UPDATE t SET note = $$x$$'],
    ['INSERT INTO t (id) VALUES (99)'],
    ['CREATE TABLE evil (a int)'],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'],
    ['SELECT nextval(\'s\')'],
  ])('refuses a write that got past the guard: %s', async (sql) => {
    await expect(collect(wh, sql)).rejects.toBeInstanceOf(WarehouseQueryError);
    const { rows } = await collect(wh, 'SELECT count(*) FROM t');
    expect(rows[0]).toEqual(['2']);
  });

  it('reports a write refused by the read-only transaction with SQLSTATE 25006', async () => {
    const err = await collect(wh, 'DELETE FROM t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect((err as WarehouseQueryError).sqlstate).toBe('25006');
  });

  it.each([
    ['SELECT 1; DELETE FROM t'],
    ['COMMIT; DELETE FROM t'],
    ['SET TRANSACTION READ WRITE; DELETE FROM t'],
    ['ROLLBACK; BEGIN; DELETE FROM t; COMMIT'],
  ])('cannot escape the transaction with several statements: %s', async (sql) => {
    await expect(collect(wh, sql)).rejects.toBeInstanceOf(WarehouseQueryError);
    const { rows } = await collect(wh, 'SELECT count(*) FROM t');
    expect(rows[0]).toEqual(['2']);
  });

  it('ends a sleep that got past the guard at the statement timeout, cancelled on the server', async () => {
    const started = Date.now();
    const err = await collect(wh, 'SELECT pg_sleep(30)', { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500 + 1000);
    const { rows } = await collect(wh, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");
    expect(rows[0]).toEqual(['0']);
  });

  it('cancels the statement on the server when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const err = await collect(wh, 'SELECT pg_sleep(20)', { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThreadsqlError);
    expect((err as ThreadsqlError).code).toBe('query_cancelled');
    const { rows } = await collect(wh, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'");
    expect(rows[0]).toEqual(['0']);
  });

  it('returns a pooled connection clean: nothing a statement set up outlives it', async () => {
    const single = createPgWarehouse({ url: db.url, logger: silentLogger, poolSize: 1 });
    try {
      for (const sql of ['LISTEN threadsql_test', 'PREPARE p AS SELECT 1', 'SET work_mem = \'64MB\'', 'SELECT pg_advisory_lock(42)']) {
        await collect(single, sql).catch(() => undefined);
      }
      const { rows } = await collect(
        single,
        `SELECT (SELECT count(*) FROM pg_listening_channels()), (SELECT count(*) FROM pg_prepared_statements),
                current_setting('work_mem'), (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())`,
      );
      expect(rows[0]).toEqual(['0', '0', '4MB', '0']);
    } finally {
      await single.close();
    }
  });
});

describe('pg warehouse: big results and caps', () => {
  it('streams a 1,000,000-row result in batches without holding it in memory', async () => {
    let count = 0;
    let largestBatch = 0;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const summary = await wh.stream('SELECT g, md5(g::text) FROM generate_series(1, 1000000) g', { ...opts, timeoutMs: 60_000 }, {
      columns: () => undefined,
      rows: (b) => {
        count += b.length;
        largestBatch = Math.max(largestBatch, b.length);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(count).toBe(1_000_000);
    expect(summary).toMatchObject({ rowCount: 1_000_000, capped: false });
    expect(largestBatch).toBeLessThanOrEqual(500);
    // The whole result as JS arrays would be hundreds of MB; streaming keeps the growth small.
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('stops reading at maxRows and says the result was capped', async () => {
    const { rows, summary } = await collect(wh, 'SELECT g FROM generate_series(1, 5000) g', { maxRows: 1234 });
    expect(rows).toHaveLength(1234);
    expect(summary.capped).toBe(true);
  });

  it('does not call a result capped when it fits exactly', async () => {
    const { rows, summary } = await collect(wh, 'SELECT g FROM generate_series(1, 1000) g', { maxRows: 1000 });
    expect(rows).toHaveLength(1000);
    expect(summary.capped).toBe(false);
  });
});

describe('pg warehouse: errors and roles', () => {
  it('passes the database message on for a bad column, with its SQLSTATE', async () => {
    const err = (await collect(wh, 'SELECT nope FROM t').catch((e: unknown) => e)) as WarehouseQueryError;
    expect(err).toBeInstanceOf(WarehouseQueryError);
    expect(err.sqlstate).toBe('42703');
    expect(err.userMessage).toContain('column "nope" does not exist');
  });

  it('says the warehouse cannot be reached when nothing listens, without the password', async () => {
    const down = createPgWarehouse({ url: 'postgres://reader:s3cretpw@127.0.0.1:1/x', logger: silentLogger, connectTimeoutMs: 1000 });
    try {
      const err = (await down.ping().catch((e: unknown) => e)) as WarehouseDownError;
      expect(err).toBeInstanceOf(WarehouseDownError);
      expect(err.userMessage).toMatch(/cannot be reached/);
      const err2 = (await collect(down, 'SELECT 1').catch((e: unknown) => e)) as WarehouseDownError;
      expect(err2).toBeInstanceOf(WarehouseDownError);
      expect(`${err2.message} ${err2.userMessage} ${down.description}`).not.toContain('s3cretpw');
    } finally {
      await down.close();
    }
  });

  it('flags a superuser role as dangerous and a read-only role as clean', async () => {
    const su = await wh.roleReport();
    expect(su.superuser).toBe(true);
    expect(su.dangerous).toContain('superuser');
    const ro = createPgWarehouse({ url: roUrl, logger: silentLogger });
    try {
      const report = await ro.roleReport();
      expect(report.superuser).toBe(false);
      expect(report.dangerous).toEqual([]);
    } finally {
      await ro.close();
    }
  });
});
