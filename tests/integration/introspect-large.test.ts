// A 1,000-table × 20-column warehouse introspects in a few fixed queries. The duration is printed
// for a look; speed is measured in bench/, not asserted here.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { introspectSchema } from '../../src/warehouse/introspect.ts';
import { schemaHash } from '../../src/warehouse/schema-hash.ts';
import type { CatalogRows } from '../../src/warehouse/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-database.ts';

const TABLES = 1000;

let db: TestDatabase;
let client: pg.Client;
let queries = 0;
const queryMs: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase('tsql_introspect_large');
  // One DO block: 1,000 tables with a primary key, 19 more columns of mixed types, a comment on
  // every tenth, and a foreign key from every table to the one before it. Split across two
  // schemas so the schema join is exercised too.
  await db.admin(`
    CREATE SCHEMA wh;
    CREATE TYPE wh.status AS ENUM ('open', 'closed');
    DO $$
    DECLARE
      i int;
      s text;
      cols text;
    BEGIN
      FOR i IN 1..${TABLES} LOOP
        s := CASE WHEN i % 2 = 0 THEN 'public' ELSE 'wh' END;
        SELECT string_agg(format('c%s %s', j,
                 (ARRAY['integer', 'text', 'numeric(12,2)', 'timestamptz', 'boolean', 'wh.status', 'bigint', 'date'])[1 + j % 8])
                 || CASE WHEN j % 3 = 0 THEN ' NOT NULL DEFAULT ' ||
                      (ARRAY['0', '''''', '0', 'now()', 'false', '''open''', '0', 'current_date'])[1 + j % 8] ELSE '' END,
               ', ')
          INTO cols FROM generate_series(1, 18) AS j;
        EXECUTE format('CREATE TABLE %I.%I (id integer PRIMARY KEY, parent_id integer, %s)', s, 't' || lpad(i::text, 4, '0'), cols);
        IF i > 1 THEN
          EXECUTE format('ALTER TABLE %I.%I ADD FOREIGN KEY (parent_id) REFERENCES %I.%I (id)',
            s, 't' || lpad(i::text, 4, '0'),
            CASE WHEN (i - 1) % 2 = 0 THEN 'public' ELSE 'wh' END, 't' || lpad((i - 1)::text, 4, '0'));
        END IF;
        IF i % 10 = 0 THEN
          EXECUTE format('COMMENT ON TABLE %I.%I IS %L', s, 't' || lpad(i::text, 4, '0'), 'Table number ' || i);
        END IF;
      END LOOP;
    END $$;
  `);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
}, 180_000);

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

const catalog = {
  catalogQuery: async (sql: string, params?: unknown[]) => {
    queries++;
    const started = performance.now();
    const rows = (await client.query(sql, params)).rows as CatalogRows;
    queryMs.push(Math.round(performance.now() - started));
    return rows;
  },
};

it('introspects 1,000 tables × 20 columns in a handful of queries', async () => {
  const cold = performance.now();
  const desc = await introspectSchema(catalog);
  const coldMs = performance.now() - cold;
  const firstQueries = queries;

  const warm = performance.now();
  const again = await introspectSchema(catalog);
  const warmMs = performance.now() - warm;

  const columnCount = desc.tables.reduce((n, t) => n + t.columns.length, 0);
  const fkCount = desc.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  console.log(
    `introspected ${desc.tables.length} tables, ${columnCount} columns, ${fkCount} foreign keys ` +
      `in ${coldMs.toFixed(0)} ms (first), ${warmMs.toFixed(0)} ms (second), ${firstQueries} catalog queries each ` +
      `(per query, ms: ${queryMs.join(' ')})`,
  );

  expect(desc.tables).toHaveLength(TABLES);
  expect(columnCount).toBe(TABLES * 20);
  expect(fkCount).toBe(TABLES - 1);
  expect(firstQueries).toBeLessThanOrEqual(6);
  expect(desc.tables.every((t) => t.primaryKey.length === 1 && t.primaryKey[0] === 'id')).toBe(true);
  expect(desc.tables.filter((t) => t.comment !== null)).toHaveLength(TABLES / 10);

  const t0003 = desc.tables.find((t) => t.schema === 'wh' && t.name === 't0003');
  expect(t0003?.columns.map((c) => c.name).slice(0, 4)).toEqual(['id', 'parent_id', 'c1', 'c2']);
  expect(t0003?.columns.find((c) => c.name === 'c5')).toMatchObject({ type: 'wh.status', enumType: 'wh.status' });
  expect(t0003?.columns.find((c) => c.name === 'c3')).toMatchObject({ type: 'timestamp with time zone', nullable: false, default: 'now()' });
  expect(t0003?.foreignKeys).toEqual([
    { name: 't0003_parent_id_fkey', columns: ['parent_id'], refSchema: 'public', refTable: 't0002', refColumns: ['id'] },
  ]);
  expect(desc.enums).toEqual([{ schema: 'wh', name: 'status', values: ['open', 'closed'] }]);
  expect(schemaHash(again)).toBe(schemaHash(desc));
});
