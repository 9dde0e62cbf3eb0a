// The Schema page's list: one page of table summaries from the cached snapshot, filtered by words
// that must each appear somewhere in the table — its name, its comment, a column's name or comment.
// A warehouse with thousands of tables is answered in pages, never as the whole snapshot.
import type { LoadedSchema } from '../../../engine/schema-service.ts';
import type { SchemaDescription, SchemaTable } from '../../../warehouse/schema-types.ts';
import { intParam, textParam } from './query-params.ts';

export const SCHEMA_PAGE_DEFAULT = 100;
export const SCHEMA_PAGE_MAX = 500;

export interface SchemaSnapshotJson {
  snapshotId: string;
  hash: string;
  loadedAt: string;
  /** 'warehouse': introspected by this process; 'store': the latest stored snapshot (warehouse was down). */
  source: LoadedSchema['source'];
  tableCount: number;
  columnCount: number;
}

export interface SchemaTableSummary {
  /** "schema.name": the key for GET /schema/tables/<key>. */
  qualifiedName: string;
  schema: string;
  name: string;
  kind: SchemaTable['kind'];
  comment: string | null;
  rowEstimate: number | null;
  columnCount: number;
}

export interface SchemaListJson {
  snapshot: SchemaSnapshotJson;
  /** Tables matching `q` (all tables without one). */
  total: number;
  offset: number;
  limit: number;
  hasMore: boolean;
  tables: SchemaTableSummary[];
}

export function snapshotJson(loaded: LoadedSchema): SchemaSnapshotJson {
  return {
    snapshotId: loaded.snapshotId,
    hash: loaded.hash,
    loadedAt: loaded.loadedAt.toISOString(),
    source: loaded.source,
    tableCount: loaded.tableCount,
    columnCount: loaded.columnCount,
  };
}

export function schemaList(loaded: LoadedSchema, params: URLSearchParams): SchemaListJson {
  const offset = intParam(params, 'offset', 0, 0, 1_000_000);
  const limit = intParam(params, 'limit', SCHEMA_PAGE_DEFAULT, 1, SCHEMA_PAGE_MAX);
  const words = (textParam(params, 'q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tables = loaded.description.tables;
  const found = words.length === 0 ? tables : matchingTables(loaded.description, words);
  return {
    snapshot: snapshotJson(loaded),
    total: found.length,
    offset,
    limit,
    hasMore: offset + limit < found.length,
    tables: found.slice(offset, offset + limit).map(summary),
  };
}

function summary(t: SchemaTable): SchemaTableSummary {
  return { qualifiedName: `${t.schema}.${t.name}`, schema: t.schema, name: t.name, kind: t.kind, comment: t.comment, rowEstimate: t.rowEstimate, columnCount: t.columns.length };
}

// The lower-cased text each table is searched in, built once per snapshot (a refresh loads a new
// description object, so the old entry simply goes with it).
const searchText = new WeakMap<SchemaDescription, string[]>();

function matchingTables(description: SchemaDescription, words: string[]): SchemaTable[] {
  let texts = searchText.get(description);
  if (!texts) {
    // "\n" between parts: a word never matches across the end of one name and the start of the next.
    texts = description.tables.map((t) => [`${t.schema}.${t.name}`, t.comment ?? '', ...t.columns.flatMap((c) => [c.name, c.comment ?? ''])].join('\n').toLowerCase());
    searchText.set(description, texts);
  }
  const found: SchemaTable[] = [];
  description.tables.forEach((t, i) => {
    if (words.every((w) => texts[i]!.includes(w))) found.push(t);
  });
  return found;
}
