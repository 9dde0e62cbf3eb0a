// The guard's view of the warehouse: which relations exist, from a schema snapshot. Relations
// that are not in the snapshot (system catalogs, information_schema, tables added since the
// last refresh) are unknown to the guard and refused.

import type { SchemaDescription } from '../warehouse/schema-types.ts';
import type { RelationCatalog } from './guard.ts';

/** A RelationCatalog over a snapshot: every table, view, materialized view, partition and foreign table. */
export function catalogFromSchema(schema: SchemaDescription): RelationCatalog {
  return catalogFromNames(
    schema.tables.map((t) => ({ schema: t.schema, name: t.name })),
    schema.searchPath,
  );
}

/** A RelationCatalog over plain names (tests, fixtures). Names are exact, as PostgreSQL stores them. */
export function catalogFromNames(
  relations: ReadonlyArray<{ schema: string; name: string }>,
  searchPath: readonly string[],
): RelationCatalog {
  // A Map of Sets, not "schema.name" strings: names may themselves contain dots.
  const bySchema = new Map<string, Set<string>>();
  for (const r of relations) {
    let names = bySchema.get(r.schema);
    if (!names) bySchema.set(r.schema, (names = new Set()));
    names.add(r.name);
  }
  const path = Object.freeze([...searchPath]);
  return {
    has: (schema, name) => bySchema.get(schema)?.has(name) ?? false,
    searchPath: path,
  };
}
