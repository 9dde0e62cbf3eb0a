// introspectSchema against PGlite (PostgreSQL 17 in-process), the demo warehouse's engine: the
// same catalog queries must work there as on the PostgreSQL 15 server (tests/integration).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectSchema } from '../../../src/warehouse/introspect.ts';
import type { CatalogRows } from '../../../src/warehouse/types.ts';
import type { SchemaDescription, SchemaTable } from '../../../src/warehouse/schema-types.ts';

let db: PGlite;
let desc: SchemaDescription;
const catalog = { catalogQuery: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as CatalogRows };

function table(name: string): SchemaTable {
  const [schema, rel] = name.split('.');
  const t = desc.tables.find((x) => x.schema === schema && x.name === rel);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE DOMAIN year AS integer CHECK (VALUE > 1900);
    CREATE TABLE a (
      id serial PRIMARY KEY,
      m mood DEFAULT 'ok',
      ms mood[],
      y year NOT NULL,
      g integer GENERATED ALWAYS AS (id * 2) STORED,
      gone text
    );
    ALTER TABLE a DROP COLUMN gone;
    CREATE TABLE b (x int, y int, PRIMARY KEY (y, x));
    CREATE TABLE c (bx int, by int, FOREIGN KEY (by, bx) REFERENCES b (y, x));
    CREATE TABLE p (id int, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);
    CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
    CREATE TABLE p2 PARTITION OF p FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
    CREATE TABLE r (pid int, pd date, FOREIGN KEY (pid, pd) REFERENCES p (id, d));
    CREATE VIEW v AS SELECT id, m FROM a;
    CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one;
    COMMENT ON TABLE a IS 'The a table';
    COMMENT ON COLUMN a.m IS 'How it feels';
    INSERT INTO p1 VALUES (1, '2020-02-02'), (2, '2020-03-03');
    INSERT INTO p2 VALUES (3, '2021-02-02');
    ANALYZE p1; ANALYZE p2;
    CREATE TABLE q (id int, region text, d date) PARTITION BY LIST (region);
    CREATE TABLE q_eu PARTITION OF q FOR VALUES IN ('eu') PARTITION BY RANGE (d);
    CREATE TABLE q_eu_2020 PARTITION OF q_eu FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
    CREATE TABLE q_us PARTITION OF q FOR VALUES IN ('us');
    INSERT INTO q VALUES (1, 'eu', '2020-05-05'), (2, 'eu', '2020-06-06'), (3, 'us', '2020-01-01'), (4, 'us', NULL);
    ANALYZE q_eu_2020; ANALYZE q_us;
    CREATE SCHEMA other;
    CREATE TYPE other.colour AS ENUM ('red', 'green');
    CREATE TABLE other.t (c other.colour, m public.mood);
  `);
  desc = await introspectSchema(catalog);
});

afterAll(async () => {
  await db.close();
});

describe('introspectSchema on PGlite', () => {
  it('lists every relation kind, sorted by schema then name', () => {
    expect(desc.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`)).toEqual([
      'other.t:table',
      'public.a:table',
      'public.b:table',
      'public.c:table',
      'public.mv:materialized_view',
      'public.p:partitioned_table',
      'public.p1:table',
      'public.p2:table',
      'public.q:partitioned_table',
      'public.q_eu:partitioned_table',
      'public.q_eu_2020:table',
      'public.q_us:table',
      'public.r:table',
      'public.v:view',
    ]);
  });

  it('reads columns in order with types, nullability, defaults and comments, skipping dropped ones', () => {
    const a = table('public.a');
    expect(a.columns.map((c) => c.name)).toEqual(['id', 'm', 'ms', 'y', 'g']);
    expect(a.comment).toBe('The a table');
    expect(a.columns[0]).toMatchObject({ type: 'integer', nullable: false, default: "nextval('a_id_seq'::regclass)" });
    expect(a.columns[1]).toMatchObject({ type: 'mood', nullable: true, comment: 'How it feels', enumType: 'public.mood' });
    expect(a.columns[2]).toMatchObject({ type: 'mood[]', enumType: 'public.mood' });
    expect(a.columns[3]).toMatchObject({ type: 'year', nullable: false, domainBase: 'integer' });
    // A generated column's expression is not a default a user could rely on.
    expect(a.columns[4]).toMatchObject({ type: 'integer', default: null });
  });

  it('reads composite primary and foreign keys in key order', () => {
    expect(table('public.b').primaryKey).toEqual(['y', 'x']);
    expect(table('public.c').foreignKeys).toEqual([
      { name: 'c_by_bx_fkey', columns: ['by', 'bx'], refSchema: 'public', refTable: 'b', refColumns: ['y', 'x'] },
    ]);
  });

  it('keeps one foreign key to a partitioned table, not one per partition', () => {
    expect(table('public.r').foreignKeys.map((f) => f.refTable)).toEqual(['p']);
  });

  it('marks partitions and sums their row estimates on the parent', () => {
    expect(table('public.p1').partitionOf).toBe('public.p');
    expect(table('public.p1').rowEstimate).toBe(2);
    expect(table('public.p').rowEstimate).toBe(3);
    expect(table('public.p').partitionOf).toBeUndefined();
    expect(table('public.b').rowEstimate).toBeNull(); // never analysed
    expect(table('public.v').rowEstimate).toBeNull();
  });

  it('sums estimates over every level of sub-partitions', () => {
    expect(table('public.q').rowEstimate).toBe(4);
    expect(table('public.q_eu').rowEstimate).toBe(2);
    expect(table('public.q_eu').partitionOf).toBe('public.q');
    expect(table('public.q_eu_2020').partitionOf).toBe('public.q_eu');
  });

  it('reads enums with values in declaration order', () => {
    expect(desc.enums).toEqual([
      { schema: 'other', name: 'colour', values: ['red', 'green'] },
      { schema: 'public', name: 'mood', values: ['sad', 'ok', 'happy'] },
    ]);
  });

  it('restricts to the requested schemas but keeps enums their columns use', async () => {
    const only = await introspectSchema(catalog, { schemas: ['other'] });
    expect(only.tables.map((t) => t.name)).toEqual(['t']);
    expect(only.enums.map((e) => `${e.schema}.${e.name}`)).toEqual(['other.colour', 'public.mood']);
    expect(only.searchPath).toEqual([]);
  });

  it('reports the search path intersected with the described schemas', () => {
    expect(desc.searchPath).toEqual(['public']);
  });

  it('shows a role only the schemas, relations and columns it may read', async () => {
    await db.exec(`
      CREATE ROLE reader;
      GRANT USAGE ON SCHEMA public TO reader;
      GRANT SELECT ON b, v TO reader;
      GRANT SELECT (id, y) ON a TO reader;
      GRANT SELECT ON other.t TO reader;
    `);
    // PGlite has one connection: switch roles on it, and always switch back.
    await db.exec('SET ROLE reader');
    try {
      const seen = await introspectSchema(catalog);
      expect(seen.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.a', 'public.b', 'public.v']);
      expect(seen.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'y']);
    } finally {
      await db.exec('RESET ROLE');
    }
  });

  it('describes nothing for an unknown schema', async () => {
    expect(await introspectSchema(catalog, { schemas: ['nope'] })).toEqual({ tables: [], enums: [], searchPath: [] });
  });
});
