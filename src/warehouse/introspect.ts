// Reads the warehouse schema from pg_catalog in five fixed queries (never one per table, so the
// round trips do not grow with the warehouse) and returns a sorted, deterministic SchemaDescription.
// Only what the connected role can read is described: schemas it has USAGE on, relations it can
// SELECT from (whole table or some columns), and of those only the columns it can SELECT.
// Runs on PostgreSQL 12+ (tested on 15) and PGlite (17); uses only catalog columns present in both.
import { ThreadsqlError } from '../lib/errors.ts';
import type { Warehouse } from './types.ts';
import type {
  RelationKind,
  SchemaColumn,
  SchemaDescription,
  SchemaEnum,
  SchemaTable,
} from './schema-types.ts';

export interface IntrospectOptions {
  /** Schemas to describe; default: every non-system schema the role has USAGE on. */
  schemas?: string[];
}

type CatalogSource = Pick<Warehouse, 'catalogQuery'>;

/** Describe the tables, views, columns, keys and enums the current role can read. */
export async function introspectSchema(
  warehouse: CatalogSource,
  options: IntrospectOptions = {},
): Promise<SchemaDescription> {
  const { schemas, searchPath } = await readSchemas(warehouse, options.schemas);
  if (schemas.length === 0) return { tables: [], enums: [], searchPath: [] };

  // One after another, not Promise.all: a connector may sit on a single connection (PGlite, a pg
  // Client), where overlapping queries are unsupported; five round trips cost milliseconds.
  const schemaParam = JSON.stringify(schemas);
  const relationRows = await warehouse.catalogQuery(RELATIONS_SQL, [schemaParam]);
  const columnRows = await warehouse.catalogQuery(COLUMNS_SQL, [schemaParam]);
  const constraintRows = await warehouse.catalogQuery(CONSTRAINTS_SQL, [schemaParam]);

  const tables = new Map<string, SchemaTable>();
  for (const row of relationRows) {
    const table: SchemaTable = {
      schema: text(row.schema_name),
      name: text(row.table_name),
      kind: relationKind(text(row.relkind)),
      comment: nullableText(row.comment),
      rowEstimate: rowEstimate(row),
      columns: [],
      primaryKey: [],
      foreignKeys: [],
    };
    const parentSchema = nullableText(row.parent_schema);
    const parentName = nullableText(row.parent_name);
    if (parentSchema !== null && parentName !== null) table.partitionOf = `${parentSchema}.${parentName}`;
    tables.set(text(row.relid), table);
  }

  const enumNames = new Set<string>();
  for (const row of columnRows) {
    const table = tables.get(text(row.relid));
    if (!table) continue; // relation appeared between our queries; the next refresh picks it up
    const column: SchemaColumn = {
      name: text(row.column_name),
      type: text(row.column_type),
      nullable: !bool(row.not_null),
      default: nullableText(row.default_expr),
      comment: nullableText(row.comment),
    };
    const baseType = nullableText(row.base_type);
    if (baseType !== null) column.domainBase = baseType;
    const enumName = nullableText(row.enum_name);
    if (enumName !== null) {
      column.enumType = enumName;
      enumNames.add(enumName);
    }
    table.columns.push(column);
  }

  for (const row of constraintRows) {
    const table = tables.get(text(row.relid));
    if (!table) continue;
    const columns = stringArray(row.columns);
    if (text(row.contype) === 'p') {
      table.primaryKey = columns;
    } else {
      table.foreignKeys.push({
        name: text(row.constraint_name),
        columns,
        refSchema: text(row.ref_schema),
        refTable: text(row.ref_table),
        refColumns: stringArray(row.ref_columns),
      });
    }
  }

  const enumRows = await warehouse.catalogQuery(ENUMS_SQL, [schemaParam, JSON.stringify([...enumNames].sort(compareText))]);
  const enums: SchemaEnum[] = enumRows.map((row) => ({
    schema: text(row.schema_name),
    name: text(row.type_name),
    values: stringArray(row.labels),
  }));

  const sortedTables = [...tables.values()].sort(compareQualified);
  for (const t of sortedTables) t.foreignKeys.sort((a, b) => compareText(a.name, b.name));
  return { tables: sortedTables, enums: enums.sort(compareQualified), searchPath };
}

// ---------------------------------------------------------------------------------------------
// Schemas and search path

const SYSTEM_SCHEMA_FILTER = `
  n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%'
  AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;

// $1 is NULL (every readable non-system schema) or the requested list. USAGE is required either
// way: without it no relation inside the schema can be named, so describing it would only mislead.
const SCHEMAS_SQL = `
SELECT
  (SELECT json_agg(n.nspname ORDER BY n.nspname)::text
     FROM pg_catalog.pg_namespace n
    WHERE pg_catalog.has_schema_privilege(n.oid, 'USAGE')
      AND CASE WHEN $1::text IS NULL THEN ${SYSTEM_SCHEMA_FILTER}
               ELSE n.nspname IN (SELECT pg_catalog.json_array_elements_text($1::json)) END) AS schemas,
  array_to_json(pg_catalog.current_schemas(false))::text AS search_path`;

async function readSchemas(
  warehouse: CatalogSource,
  requested: string[] | undefined,
): Promise<{ schemas: string[]; searchPath: string[] }> {
  const rows = await warehouse.catalogQuery(SCHEMAS_SQL, [requested ? JSON.stringify(requested) : null]);
  const row = rows[0] ?? {};
  const schemas = row.schemas == null ? [] : stringArray(row.schemas);
  const included = new Set(schemas);
  const searchPath = (row.search_path == null ? [] : stringArray(row.search_path)).filter((s) => included.has(s));
  return { schemas, searchPath };
}

// ---------------------------------------------------------------------------------------------
// Catalog queries. Each takes $1 = the schema names as a JSON array in text (a plain string
// parameter travels the same through every driver, unlike a JS array) and repeats one visibility rule.

// A relation is visible when the role can SELECT at least one of its columns: a table-level grant
// or a column-level one. has_any_column_privilege covers both (has_table_privilege misses the latter).
const VISIBLE_RELATION = `
  c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname IN (SELECT pg_catalog.json_array_elements_text($1::json))
  AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')`;

// reltuples is -1 until the first ANALYZE/VACUUM (PostgreSQL 14+). A partitioned parent has no
// rows of its own: its estimate is the sum over its leaf partitions that have been analysed,
// visible to the role or not. The partition tree is walked once in a recursive CTE rather than
// with pg_partition_tree() per row, whose cost estimate is high enough to wake the JIT (~30 ms).
const RELATIONS_SQL = `
WITH RECURSIVE tree AS (
  SELECT i.inhparent AS root, i.inhrelid AS relid
  FROM pg_catalog.pg_inherits i
  JOIN pg_catalog.pg_class p ON p.oid = i.inhparent AND p.relkind = 'p'
  UNION ALL
  SELECT tree.root, i.inhrelid
  FROM tree JOIN pg_catalog.pg_inherits i ON i.inhparent = tree.relid
),
partition_rows AS (
  SELECT tree.root, sum(lc.reltuples::float8) FILTER (WHERE lc.reltuples >= 0 AND lc.relkind <> 'p') AS reltuples
  FROM tree JOIN pg_catalog.pg_class lc ON lc.oid = tree.relid
  GROUP BY tree.root
)
SELECT
  c.oid::text AS relid,
  n.nspname AS schema_name,
  c.relname AS table_name,
  c.relkind::text AS relkind,
  CASE WHEN c.relkind = 'p' THEN pr.reltuples ELSE c.reltuples::float8 END AS reltuples,
  d.description AS comment,
  pn.nspname AS parent_schema,
  pc.relname AS parent_name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN partition_rows pr ON pr.root = c.oid
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
WHERE ${VISIBLE_RELATION}`;

// Comments are joined rather than fetched with col_description(): that is a SQL function run once
// per row, which dominates the query on a 20,000-column warehouse. Likewise the table-level SELECT
// check runs once per relation (the MATERIALIZED CTE keeps it there); the per-column check only
// runs for relations granted column by column.
const COLUMNS_SQL = `
WITH rel AS MATERIALIZED (
  SELECT c.oid, pg_catalog.has_table_privilege(c.oid, 'SELECT') AS whole_table
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${VISIBLE_RELATION}
)
SELECT
  rel.oid::text AS relid,
  a.attname AS column_name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
  a.attnotnull::text AS not_null,
  CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
  d.description AS comment,
  CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
  CASE WHEN et.oid IS NOT NULL THEN en.nspname || '.' || et.typname END AS enum_name
FROM rel
JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_type at ON at.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_type et ON et.typtype = 'e' AND et.oid IN (t.oid, bt.oid, at.oid)
LEFT JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = rel.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE rel.whole_table OR pg_catalog.has_column_privilege(rel.oid, a.attnum, 'SELECT')
ORDER BY rel.oid, a.attnum`;

// Primary and foreign keys with their columns in key order. When a table references a partitioned
// table, PostgreSQL adds one hidden child constraint per referenced partition on the same table;
// those are skipped (a partition's own copy of its parent's FK has a different conrelid and stays).
const CONSTRAINTS_SQL = `
SELECT
  c.oid::text AS relid,
  con.conname AS constraint_name,
  con.contype::text AS contype,
  (SELECT json_agg(a.attname ORDER BY k.ord)::text
     FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
  rn.nspname AS ref_schema,
  rc.relname AS ref_table,
  (SELECT json_agg(a.attname ORDER BY k.ord)::text
     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid AND con.contype = 'f'
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE ${VISIBLE_RELATION}
  AND con.contype IN ('p', 'f')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint parent
     WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)`;

// Enums defined in the described schemas, plus any enum a described column uses from elsewhere
// ($2 = "schema.name" list), with their values in declaration order.
const ENUMS_SQL = `
SELECT
  n.nspname AS schema_name,
  t.typname AS type_name,
  (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)::text
     FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND (n.nspname IN (SELECT pg_catalog.json_array_elements_text($1::json))
       OR n.nspname || '.' || t.typname IN (SELECT pg_catalog.json_array_elements_text($2::json)))`;

// ---------------------------------------------------------------------------------------------
// Reading catalog cells. Connectors may hand back parsed values or PostgreSQL text, so every
// reader accepts both; arrays travel as JSON text for the same reason.

const KINDS: Record<string, RelationKind> = {
  r: 'table',
  p: 'partitioned_table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
};

function relationKind(relkind: string): RelationKind {
  const kind = KINDS[relkind];
  if (!kind) throw unreadable(`unexpected relkind ${relkind}`);
  return kind;
}

// A catalog row of an unexpected shape is our bug (or a connector's), never the user's.
function unreadable(detail: string): ThreadsqlError {
  return new ThreadsqlError('internal', 'The warehouse schema could not be read.', { message: `introspection: ${detail}` });
}

function rowEstimate(row: Record<string, unknown>): number | null {
  const kind = text(row.relkind);
  if (kind === 'v') return null; // views have no storage, hence no estimate
  if (row.reltuples === null || row.reltuples === undefined) return null;
  const n = Number(row.reltuples);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw unreadable(`expected text in a catalog row, got ${value === null ? 'null' : typeof value}`);
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

function bool(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}

function stringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) throw unreadable('expected a JSON array in a catalog row');
  return parsed.map((v) => text(v));
}

/** Code-point order: the same on every machine, unlike localeCompare or a database collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareQualified(a: { schema: string; name: string }, b: { schema: string; name: string }): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name);
}
