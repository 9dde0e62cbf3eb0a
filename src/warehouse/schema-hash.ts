// A stable fingerprint of a schema, used to deduplicate schema_snapshots: the same schema gives
// the same hash whatever order the catalog returned things in. Row estimates are left out on
// purpose: they move with every ANALYZE and must not create a new snapshot on their own.
import { createHash } from 'node:crypto';
import type { SchemaDescription, SchemaTable } from './schema-types.ts';

// Bump when the canonical form changes meaning, so old and new hashes never collide by accident.
const CANONICAL_VERSION = 'threadsql-schema/1';

/** sha256 (hex) of the schema's canonical JSON, row estimates excluded. */
export function schemaHash(desc: SchemaDescription): string {
  return createHash('sha256').update(canonicalSchemaJson(desc)).digest('hex');
}

/**
 * The canonical text the hash is taken over: tables, enums and foreign keys sorted, object keys
 * sorted, row estimates dropped. Column order, key column order, enum value order and search path
 * order are kept: they carry meaning (SELECT *, composite keys, enum comparisons, name resolution).
 */
export function canonicalSchemaJson(desc: SchemaDescription): string {
  const tables = [...desc.tables]
    .sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name))
    .map(canonicalTable);
  const enums = [...desc.enums].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name));
  return `${CANONICAL_VERSION}\n${stableStringify({ tables, enums, searchPath: desc.searchPath })}`;
}

function canonicalTable(table: SchemaTable): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...table,
    foreignKeys: [...table.foreignKeys].sort((a, b) => compare(a.name, b.name)),
  };
  delete out.rowEstimate;
  return out;
}

/** JSON with object keys sorted at every level; undefined properties are omitted, as JSON.stringify does. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compare(a, b))
    .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`);
  return `{${entries.join(',')}}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
