import { describe, expect, it } from 'vitest';
import { catalogFromSchema } from '../../../src/sql/catalog.ts';
import { guardSql } from '../../../src/sql/guard.ts';
import type { SchemaDescription, SchemaTable } from '../../../src/warehouse/schema-types.ts';

function table(schema: string, name: string, kind: SchemaTable['kind'] = 'table'): SchemaTable {
  return { schema, name, kind, comment: null, rowEstimate: null, columns: [], primaryKey: [], foreignKeys: [] };
}

const snapshot: SchemaDescription = {
  tables: [
    table('analytics', 'daily sales', 'view'),
    table('public', 'film'),
    table('public', 'payment', 'partitioned_table'),
    { ...table('public', 'payment_p2022_01'), partitionOf: 'public.payment' },
    table('public', 'rental_by_category', 'materialized_view'),
    table('public', 'Weird.Name'),
  ],
  enums: [{ schema: 'public', name: 'mpaa_rating', values: ['G', 'PG'] }],
  searchPath: ['public'],
};

describe('catalogFromSchema', () => {
  const catalog = catalogFromSchema(snapshot);

  it('knows every relation kind in the snapshot, partitions included', () => {
    for (const name of ['film', 'payment', 'payment_p2022_01', 'rental_by_category']) expect(catalog.has('public', name)).toBe(true);
    expect(catalog.has('analytics', 'daily sales')).toBe(true);
  });

  it('matches names exactly, as PostgreSQL stores them', () => {
    expect(catalog.has('public', 'Film')).toBe(false);
    expect(catalog.has('public', 'Weird.Name')).toBe(true);
    expect(catalog.has('public.Weird', 'Name')).toBe(false);
  });

  it('does not know system catalogs', () => {
    expect(catalog.has('pg_catalog', 'pg_authid')).toBe(false);
    expect(catalog.has('information_schema', 'tables')).toBe(false);
  });

  it('carries the search path', () => {
    expect(catalog.searchPath).toEqual(['public']);
  });

  it('lets the guard read quoted names from other schemas', async () => {
    const v = await guardSql('SELECT * FROM analytics."daily sales" JOIN "Weird.Name" ON true', catalog);
    expect(v).toMatchObject({ ok: true, relations: ['analytics.daily sales', 'public.Weird.Name'] });
  });
});
