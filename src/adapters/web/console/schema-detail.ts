// One table of the cached snapshot in full, for the Schema page when a table is opened: columns
// with types, nullability and comments, the primary key, foreign keys out of it and into it, and
// the values of the enums its columns use.
import type { LoadedSchema } from '../../../engine/schema-service.ts';
import type { SchemaColumn, SchemaDescription, SchemaEnum, SchemaForeignKey, SchemaTable } from '../../../warehouse/schema-types.ts';
import { snapshotJson, type SchemaSnapshotJson } from './schema-list.ts';

/** A foreign key of another table that points at this one. */
export interface IncomingForeignKey {
  name: string;
  fromSchema: string;
  fromTable: string;
  columns: string[];
  refColumns: string[];
}

export interface SchemaTableDetail {
  snapshot: SchemaSnapshotJson;
  table: {
    qualifiedName: string;
    schema: string;
    name: string;
    kind: SchemaTable['kind'];
    comment: string | null;
    rowEstimate: number | null;
    partitionOf: string | null;
    columns: SchemaColumn[];
    primaryKey: string[];
    foreignKeys: SchemaForeignKey[];
    referencedBy: IncomingForeignKey[];
    /** The enums this table's columns use, with their values (empty when the snapshot has none). */
    enums: SchemaEnum[];
  };
}

/** The table named "schema.name", or undefined when the snapshot has no such table. */
export function schemaTableDetail(loaded: LoadedSchema, qualifiedName: string): SchemaTableDetail | undefined {
  const t = tablesByName(loaded.description).get(qualifiedName);
  if (!t) return undefined;
  const referencedBy: IncomingForeignKey[] = [];
  for (const other of loaded.description.tables) {
    for (const fk of other.foreignKeys) {
      if (fk.refSchema === t.schema && fk.refTable === t.name) referencedBy.push({ name: fk.name, fromSchema: other.schema, fromTable: other.name, columns: fk.columns, refColumns: fk.refColumns });
    }
  }
  const used = new Set(t.columns.flatMap((c) => (c.enumType ? [c.enumType] : [])));
  return {
    snapshot: snapshotJson(loaded),
    table: {
      qualifiedName,
      schema: t.schema,
      name: t.name,
      kind: t.kind,
      comment: t.comment,
      rowEstimate: t.rowEstimate,
      partitionOf: t.partitionOf ?? null,
      columns: t.columns,
      primaryKey: t.primaryKey,
      foreignKeys: t.foreignKeys,
      referencedBy,
      enums: loaded.description.enums.filter((e) => used.has(`${e.schema}.${e.name}`)),
    },
  };
}

const byName = new WeakMap<SchemaDescription, Map<string, SchemaTable>>();

function tablesByName(description: SchemaDescription): Map<string, SchemaTable> {
  let map = byName.get(description);
  if (!map) {
    map = new Map(description.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    byName.set(description, map);
  }
  return map;
}
