// The match index of a schema snapshot: per table, the words of its name, columns, comments and
// enum values with their weights, and the foreign-key graph (partitions folded into their parent).
// Built once per snapshot object; used by rank-tables.ts and schema-slice.ts.
import type { SchemaDescription, SchemaEnum, SchemaForeignKey, SchemaTable } from '../warehouse/schema-types.ts';
import { identifierTerms, textTerms } from './terms.ts';

// Where a word matched counts this much: a table named for it says more than a comment mentioning it.
export const WEIGHT = { tableName: 3, columnName: 1.5, enumValue: 1.2, tableComment: 1, columnComment: 0.6, schemaName: 0.5 } as const;

export interface Field {
  weight: number;
  terms: ReadonlySet<string>;
}

export interface IndexedTable {
  key: string;
  table: SchemaTable;
  fields: Field[];
  enums: SchemaEnum[];
  nameTerms: string[];
  /** Column name → its terms, for choosing columns when a wide table must be cut. */
  columnTerms: Map<string, string[]>;
}

export interface SchemaIndex {
  tables: IndexedTable[];
  byKey: Map<string, IndexedTable>;
  /** "schema.name" → the tables whose foreign keys point at it. */
  referencedBy: Map<string, Set<string>>;
  /** "schema.name" → tables linked by a foreign key either way, sorted. */
  neighbours: Map<string, string[]>;
  /** Partition → parent, so a boost or reference to a partition lands on the parent. */
  parentOf: Map<string, string>;
  searchPath: string[];
}

// The snapshot object is reused for every question until the schema changes; index it once.
const indexCache = new WeakMap<SchemaDescription, SchemaIndex>();

/** A "schema.name" or bare name (on the search path, case-folded if need be) to an indexed table's key; partitions map to their parent. */
export function resolveName(index: SchemaIndex, name: string): string | undefined {
  const trimmed = name.trim().replace(/"/g, '');
  const candidates = trimmed.includes('.') ? [trimmed] : index.searchPath.map((s) => `${s}.${trimmed}`);
  for (const candidate of candidates) {
    const key = parentKey(index.parentOf, candidate);
    if (index.byKey.has(key)) return key;
    const folded = [...index.byKey.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
    if (folded) return folded;
  }
  return undefined;
}

/** The top-level parent of a partition, or the key itself. */
export function parentKey(parentOf: ReadonlyMap<string, string>, key: string): string {
  let current = key;
  // Partitions can nest (sub-partitions); a few levels is plenty and bounds a malformed loop.
  for (let i = 0; i < 4 && parentOf.has(current); i++) current = parentOf.get(current)!;
  return current;
}

/** The match index of a schema snapshot, built once per snapshot object. */
export function indexSchema(schema: SchemaDescription): SchemaIndex {
  const cached = indexCache.get(schema);
  if (cached) return cached;
  const enumsByKey = new Map(schema.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  const parentOf = new Map<string, string>();
  for (const t of schema.tables) if (t.partitionOf) parentOf.set(`${t.schema}.${t.name}`, t.partitionOf);

  // PostgreSQL before 12 (and dumps like Pagila's) declare foreign keys on the partitions only;
  // the parent speaks for them, so it inherits them for joins and for the REFERENCES it shows.
  const inherited = new Map<string, SchemaForeignKey[]>();
  for (const t of schema.tables) {
    if (!t.partitionOf) continue;
    const parent = parentKey(parentOf, t.partitionOf);
    inherited.set(parent, [...(inherited.get(parent) ?? []), ...t.foreignKeys]);
  }

  const tables: IndexedTable[] = [];
  const referencedBy = new Map<string, Set<string>>();
  for (const original of schema.tables) {
    // Partitions are left out in favour of their parent, which has the same columns.
    if (original.partitionOf) continue;
    const key = `${original.schema}.${original.name}`;
    const table = withInheritedKeys(original, inherited.get(key) ?? []);
    const enums = unique(table.columns.map((c) => c.enumType).filter((e): e is string => !!e))
      .map((e) => enumsByKey.get(e))
      .filter((e): e is SchemaEnum => !!e);
    const nameTerms = unique(identifierTerms(table.name));
    const columnTerms = new Map(table.columns.map((c) => [c.name, identifierTerms(c.name)]));
    // `customer_id` in payment is the link to customer, not a mention of customers: the words it
    // shares with the referenced table's name are left to the foreign-key neighbour logic, or every
    // table referencing a hub would match the hub's name.
    const linkTerms = new Map<string, Set<string>>();
    for (const fk of table.foreignKeys) {
      for (const column of fk.columns) {
        const words = linkTerms.get(column) ?? new Set<string>();
        for (const t of [...identifierTerms(fk.refTable), ...fk.refColumns.flatMap(identifierTerms)]) words.add(t);
        linkTerms.set(column, words);
      }
    }
    const columnNameTerms = table.columns.flatMap((c) => (columnTerms.get(c.name) ?? []).filter((t) => !linkTerms.get(c.name)?.has(t)));
    const fields: Field[] = [
      { weight: WEIGHT.tableName, terms: new Set(nameTerms) },
      { weight: WEIGHT.columnName, terms: new Set(columnNameTerms) },
      { weight: WEIGHT.enumValue, terms: new Set(enums.flatMap((e) => e.values.flatMap(textTerms))) },
      { weight: WEIGHT.tableComment, terms: new Set(textTerms(table.comment ?? '')) },
      { weight: WEIGHT.columnComment, terms: new Set(table.columns.flatMap((c) => textTerms(c.comment ?? ''))) },
      { weight: WEIGHT.schemaName, terms: new Set(identifierTerms(table.schema)) },
    ].sort((a, b) => b.weight - a.weight);
    tables.push({ key, table, fields, enums, nameTerms, columnTerms });
    for (const fk of table.foreignKeys) {
      const target = parentKey(parentOf, `${fk.refSchema}.${fk.refTable}`);
      if (!referencedBy.has(target)) referencedBy.set(target, new Set());
      referencedBy.get(target)!.add(key);
    }
  }
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const neighbours = new Map<string, string[]>();
  for (const entry of tables) {
    const linked = new Set([
      ...entry.table.foreignKeys.map((fk) => parentKey(parentOf, `${fk.refSchema}.${fk.refTable}`)),
      ...(referencedBy.get(entry.key) ?? []),
    ]);
    linked.delete(entry.key);
    neighbours.set(entry.key, [...linked].filter((k) => byKey.has(k)).sort());
  }
  const index: SchemaIndex = {
    tables,
    byKey,
    referencedBy,
    neighbours,
    parentOf,
    searchPath: schema.searchPath.length > 0 ? schema.searchPath : ['public'],
  };
  indexCache.set(schema, index);
  return index;
}

function withInheritedKeys(table: SchemaTable, keys: SchemaForeignKey[]): SchemaTable {
  const seen = new Set(table.foreignKeys.map(fkIdentity));
  const added: SchemaForeignKey[] = [];
  for (const fk of keys) {
    const id = fkIdentity(fk);
    if (seen.has(id)) continue;
    seen.add(id);
    added.push(fk);
  }
  return added.length === 0 ? table : { ...table, foreignKeys: [...table.foreignKeys, ...added] };
}

function fkIdentity(fk: SchemaForeignKey): string {
  return JSON.stringify([fk.columns, fk.refSchema, fk.refTable, fk.refColumns]);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
