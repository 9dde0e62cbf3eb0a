// Proves the benign corpus is real SQL: every entry the guard admits also plans on a real
// PostgreSQL 15 with Pagila loaded (EXPLAIN without ANALYZE: planned, never run). Also checks
// that the allow-lists name things that exist on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedFunctionNames } from '../../src/sql/allowed-functions.ts';
import { guardSql } from '../../src/sql/guard.ts';
import { loadCorpus, pagilaCatalog } from '../fixtures/sql/corpus.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

const catalog = pagilaCatalog();
const benign = loadCorpus('benign');
const hostile = loadCorpus('hostile');
const counts = { benignAdmitted: 0, benignPlanned: 0, hostileRejected: 0 };

/** Allowed names that only exist on PostgreSQL 16 and later (the test server is 15). */
const NEWER_THAN_PG15 = new Set([
  'any_value', 'date_add', 'date_subtract', 'random_normal', 'json_agg_strict', 'jsonb_agg_strict',
  'json_object_agg_strict', 'jsonb_object_agg_strict', 'json_object_agg_unique', 'jsonb_object_agg_unique',
  'json_object_agg_unique_strict', 'jsonb_object_agg_unique_strict',
]);

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('tsql_guard');
  await loadPagila(db);
});

afterAll(async () => {
  await db?.drop();
  console.log(
    `guard corpus on PostgreSQL: ${counts.hostileRejected}/${hostile.length} hostile rejected, ` +
      `${counts.benignAdmitted}/${benign.length} benign admitted, ${counts.benignPlanned}/${benign.length} benign planned by EXPLAIN`,
  );
});

describe(`benign corpus on PostgreSQL 15 + Pagila (${benign.length} queries)`, () => {
  it.each(benign.map((e) => [e.id, e] as const))('admits and plans %s', async (_id, entry) => {
    const v = await guardSql(entry.sql, catalog);
    if (!v.ok) throw new Error(`guard refused (${v.rule}): ${v.reason}\n${entry.sql}`);
    counts.benignAdmitted += 1;
    await db.admin(`EXPLAIN ${v.sql}`);
    counts.benignPlanned += 1;
  });
});

describe(`hostile corpus (${hostile.length} statements)`, () => {
  it('rejects every hostile statement', async () => {
    const admitted: string[] = [];
    for (const entry of hostile) {
      const v = await guardSql(entry.sql, catalog);
      if (v.ok) admitted.push(entry.id);
      else counts.hostileRejected += 1;
    }
    expect(admitted).toEqual([]);
  });
});

describe('the allow-lists against the server', () => {
  it('names only functions that exist in pg_catalog', async () => {
    const names = allowedFunctionNames().filter((n) => !NEWER_THAN_PG15.has(n));
    const { rows } = await db.admin(
      `SELECT n FROM unnest(ARRAY[${names.map((n) => `'${n}'`).join(',')}]) AS n
       WHERE NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = n AND p.pronamespace = 'pg_catalog'::regnamespace)`,
    );
    expect(rows.map((r: { n: string }) => r.n)).toEqual([]);
  });

  it('names no function whose pg_catalog overloads are volatile, except the vetted clock and random ones', async () => {
    const { rows } = await db.admin(
      `SELECT DISTINCT proname FROM pg_proc
       WHERE pronamespace = 'pg_catalog'::regnamespace AND provolatile = 'v'
         AND proname = ANY (ARRAY[${allowedFunctionNames().map((n) => `'${n}'`).join(',')}])
       ORDER BY 1`,
    );
    expect(rows.map((r: { proname: string }) => r.proname)).toEqual(['clock_timestamp', 'gen_random_uuid', 'random', 'timeofday']);
  });
});
