// introspectSchema on the real PostgreSQL 15 server with Pagila loaded: every relation kind,
// partitions, enums, domains, keys, comments, estimates, schema filters, privileges, hashing and
// change reports. The pg connector is someone else's; a pg Client stands in for catalogQuery.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectSchema } from '../../src/warehouse/introspect.ts';
import { describeChanges, diffSchemas } from '../../src/warehouse/schema-diff.ts';
import { formatTable } from '../../src/warehouse/schema-format.ts';
import { schemaHash } from '../../src/warehouse/schema-hash.ts';
import type { SchemaDescription, SchemaTable } from '../../src/warehouse/schema-types.ts';
import type { CatalogRows } from '../../src/warehouse/types.ts';
import { createTestDatabase, loadPagila, type TestDatabase } from '../helpers/pg-database.ts';

let db: TestDatabase;
let client: pg.Client;

function catalogOf(c: pg.Client) {
  return { catalogQuery: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as CatalogRows };
}

function find(desc: SchemaDescription, qualified: string): SchemaTable {
  const t = desc.tables.find((x) => `${x.schema}.${x.name}` === qualified);
  if (!t) throw new Error(`${qualified} not in the description`);
  return t;
}

function names(desc: SchemaDescription): string[] {
  return desc.tables.map((t) => `${t.schema}.${t.name}`);
}

beforeAll(async () => {
  db = await createTestDatabase('tsql_introspect');
  await loadPagila(db);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('introspectSchema on Pagila (PostgreSQL 15)', () => {
  let desc: SchemaDescription;

  beforeAll(async () => {
    await db.admin(`COMMENT ON TABLE public.film IS 'One row per film in the catalogue.'`);
    await db.admin(`COMMENT ON COLUMN public.film.title IS 'Title as printed on the box'`);
    desc = await introspectSchema(catalogOf(client));
  });

  it('lists tables, views, the materialized view and the partitioned table with its partitions, sorted', () => {
    const expected = [
      'public.actor', 'public.actor_info', 'public.address', 'public.category', 'public.city', 'public.country',
      'public.customer', 'public.customer_list', 'public.film', 'public.film_actor', 'public.film_category',
      'public.film_list', 'public.inventory', 'public.language', 'public.nicer_but_slower_film_list', 'public.payment',
      'public.payment_p2022_01', 'public.payment_p2022_02', 'public.payment_p2022_03', 'public.payment_p2022_04',
      'public.payment_p2022_05', 'public.payment_p2022_06', 'public.payment_p2022_07', 'public.rental',
      'public.rental_by_category', 'public.sales_by_film_category', 'public.sales_by_store', 'public.staff',
      'public.staff_list', 'public.store',
    ];
    expect(names(desc)).toEqual(expected);
    expect(find(desc, 'public.actor_info').kind).toBe('view');
    expect(find(desc, 'public.film_list').kind).toBe('view');
    expect(find(desc, 'public.rental_by_category').kind).toBe('materialized_view');
    expect(find(desc, 'public.film').kind).toBe('table');
  });

  it('describes the partitioned payment table and marks its partitions', () => {
    const payment = find(desc, 'public.payment');
    expect(payment.kind).toBe('partitioned_table');
    expect(payment.partitionOf).toBeUndefined();
    expect(payment.primaryKey).toEqual(['payment_date', 'payment_id']);
    expect(payment.columns.map((c) => c.name)).toEqual(['payment_id', 'customer_id', 'staff_id', 'rental_id', 'amount', 'payment_date']);
    const partitions = desc.tables.filter((t) => t.partitionOf === 'public.payment');
    expect(partitions).toHaveLength(7);
    expect(find(desc, 'public.payment_p2022_01').foreignKeys.map((f) => `${f.columns.join()}→${f.refTable}`)).toEqual([
      'customer_id→customer',
      'rental_id→rental',
      'staff_id→staff',
    ]);
  });

  it('reads columns with types, domains, enums, defaults, nullability and comments', () => {
    const film = find(desc, 'public.film');
    expect(film.comment).toBe('One row per film in the catalogue.');
    expect(film.columns.map((c) => c.name)).toEqual([
      'film_id', 'title', 'description', 'release_year', 'language_id', 'original_language_id', 'rental_duration',
      'rental_rate', 'length', 'replacement_cost', 'rating', 'last_update', 'special_features', 'fulltext',
    ]);
    const col = (n: string) => film.columns.find((c) => c.name === n);
    expect(col('film_id')).toMatchObject({ type: 'integer', nullable: false, default: "nextval('film_film_id_seq'::regclass)" });
    expect(col('title')).toMatchObject({ type: 'text', nullable: false, comment: 'Title as printed on the box' });
    expect(col('release_year')).toMatchObject({ type: 'year', domainBase: 'integer', nullable: true });
    expect(col('rental_rate')).toMatchObject({ type: 'numeric(4,2)', default: '4.99' });
    expect(col('rating')).toMatchObject({ type: 'mpaa_rating', enumType: 'public.mpaa_rating', default: "'G'::mpaa_rating" });
    expect(col('special_features')?.type).toBe('text[]');
    expect(col('last_update')?.type).toBe('timestamp with time zone');
  });

  it('reads the mpaa_rating enum with its values in order', () => {
    expect(desc.enums).toEqual([{ schema: 'public', name: 'mpaa_rating', values: ['G', 'PG', 'PG-13', 'R', 'NC-17'] }]);
  });

  it('reads primary keys, including composite ones', () => {
    expect(find(desc, 'public.film').primaryKey).toEqual(['film_id']);
    expect(find(desc, 'public.film_actor').primaryKey).toEqual(['actor_id', 'film_id']);
    expect(find(desc, 'public.film_list').primaryKey).toEqual([]);
  });

  it('reads foreign keys with the referenced table and columns', () => {
    expect(find(desc, 'public.film').foreignKeys).toEqual([
      { name: 'film_language_id_fkey', columns: ['language_id'], refSchema: 'public', refTable: 'language', refColumns: ['language_id'] },
      {
        name: 'film_original_language_id_fkey',
        columns: ['original_language_id'],
        refSchema: 'public',
        refTable: 'language',
        refColumns: ['language_id'],
      },
    ]);
  });

  it('reports the effective search path', () => {
    expect(desc.searchPath).toEqual(['public']);
  });

  it('formats a Pagila table readably', () => {
    const text = formatTable(desc, 'FILM') ?? '';
    expect(text).toContain('public.film (table,');
    expect(text).toContain('language_id → public.language(language_id)');
    expect(text).toContain('rating (mpaa_rating): G, PG, PG-13, R, NC-17');
    expect(text).toContain('release_year          year (integer)');
  });
});

describe('row estimates and hashing', () => {
  it('reads estimates after ANALYZE (partitioned parent = sum of partitions) without changing the hash', async () => {
    await db.admin('CREATE TABLE public.never_analysed (id int)');
    const before = await introspectSchema(catalogOf(client));
    await db.admin('REFRESH MATERIALIZED VIEW public.rental_by_category; ANALYZE');
    const after = await introspectSchema(catalogOf(client));

    const count = async (t: string) => Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    expect(find(after, 'public.film').rowEstimate).toBe(await count('public.film'));
    expect(find(after, 'public.payment_p2022_02').rowEstimate).toBe(await count('public.payment_p2022_02'));
    expect(find(after, 'public.payment').rowEstimate).toBe(await count('public.payment'));
    expect(find(after, 'public.rental_by_category').rowEstimate).toBe(await count('public.rental_by_category'));
    expect(find(after, 'public.film_list').rowEstimate).toBeNull();
    expect(find(before, 'public.never_analysed').rowEstimate).toBeNull();

    expect(schemaHash(after)).toBe(schemaHash(before));
    expect(describeChanges(diffSchemas(before, after))).toEqual(['No changes: the schema is the same as before.']);
    await db.admin('DROP TABLE public.never_analysed');
  });

  it('gives the same hash for two introspections of the same schema', async () => {
    const a = await introspectSchema(catalogOf(client));
    const b = await introspectSchema(catalogOf(client));
    expect(b).toEqual(a);
    expect(schemaHash(b)).toBe(schemaHash(a));
  });
});

describe('schemas, search path and privileges', () => {
  beforeAll(async () => {
    await db.admin(`
      CREATE SCHEMA sales;
      CREATE TABLE sales.orders (
        order_id bigint PRIMARY KEY,
        customer_id integer NOT NULL REFERENCES public.customer (customer_id),
        total numeric(10,2)
      );
    `);
  });

  it('includes every readable schema by default', async () => {
    const desc = await introspectSchema(catalogOf(client));
    expect(names(desc)).toContain('sales.orders');
    expect(find(desc, 'sales.orders').foreignKeys[0]).toMatchObject({ refSchema: 'public', refTable: 'customer', refColumns: ['customer_id'] });
    expect(desc.searchPath).toEqual(['public']); // sales exists but is not on the search path
  });

  it('restricts to the schemas asked for', async () => {
    const desc = await introspectSchema(catalogOf(client), { schemas: ['sales'] });
    expect(names(desc)).toEqual(['sales.orders']);
    expect(desc.enums).toEqual([]);
    expect(desc.searchPath).toEqual([]);
  });

  it('follows the session search path, in order', async () => {
    await client.query('SET search_path = sales, public');
    try {
      const desc = await introspectSchema(catalogOf(client));
      expect(desc.searchPath).toEqual(['sales', 'public']);
    } finally {
      await client.query('RESET search_path');
    }
  });

  it('shows a limited role only what it may SELECT', async () => {
    const role = `${db.name}_limited`;
    await db.admin(`CREATE ROLE "${role}" LOGIN`);
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    const limited = new pg.Client({ connectionString: url.toString() });
    try {
      await db.admin(`
        GRANT CONNECT ON DATABASE "${db.name}" TO "${role}";
        GRANT USAGE ON SCHEMA public TO "${role}";
        GRANT SELECT ON public.film, public.language, public.film_list TO "${role}";
        GRANT SELECT (customer_id, first_name) ON public.customer TO "${role}";
        GRANT SELECT ON sales.orders TO "${role}";
      `);
      await limited.connect();
      const desc = await introspectSchema(catalogOf(limited));
      // sales.orders is granted but the role has no USAGE on schema sales, so it cannot be named.
      expect(names(desc)).toEqual(['public.customer', 'public.film', 'public.film_list', 'public.language']);
      expect(find(desc, 'public.customer').columns.map((c) => c.name)).toEqual(['customer_id', 'first_name']);
      expect(find(desc, 'public.film').foreignKeys.map((f) => f.refTable)).toEqual(['language', 'language']);
      expect(desc.enums.map((e) => e.name)).toEqual(['mpaa_rating']);
    } finally {
      await limited.end().catch(() => {
        // never connected (the failure is already being reported); nothing to close
      });
      await db.admin(`DROP OWNED BY "${role}"; DROP ROLE "${role}"`);
    }
  });
});

describe('change reports against the real catalog', () => {
  it('describes an added column, a dropped table and a column added to a partitioned table', async () => {
    await db.admin('CREATE TABLE public.scratch (id int PRIMARY KEY, note text)');
    const before = await introspectSchema(catalogOf(client));
    await db.admin(`
      ALTER TABLE public.film ADD COLUMN discount numeric(5,2);
      ALTER TABLE public.payment ADD COLUMN channel text;
      DROP TABLE public.scratch;
      CREATE TABLE public.returns (return_id serial PRIMARY KEY, rental_id int REFERENCES public.rental (rental_id),
        returned_at timestamptz NOT NULL, reason text, refund numeric(5,2), staff_id int);
    `);
    const after = await introspectSchema(catalogOf(client));
    expect(schemaHash(after)).not.toBe(schemaHash(before));
    expect(describeChanges(diffSchemas(before, after))).toEqual([
      'Added table public.returns (6 columns).',
      'Removed table public.scratch.',
      'public.film: column discount added (numeric(5,2)).',
      'public.payment: column channel added (text) (the same in its 7 partitions).',
    ]);
  });
});
