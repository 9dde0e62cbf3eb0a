// What changed between two schema snapshots, as data (SchemaChange) and as short plain sentences
// for `schema refresh` replies and logs. Renames show up as a removal plus an addition: the
// catalog snapshot cannot tell them apart.
import type {
  RelationKind,
  SchemaColumn,
  SchemaDescription,
  SchemaForeignKey,
  SchemaTable,
} from './schema-types.ts';

export type ColumnChange =
  | { kind: 'added'; column: string; type: string }
  | { kind: 'removed'; column: string }
  | { kind: 'type_changed'; column: string; before: string; after: string }
  | { kind: 'nullability_changed'; column: string; nullable: boolean }
  | { kind: 'default_changed'; column: string; before: string | null; after: string | null };

export interface TableAdded {
  /** "schema.name" */
  table: string;
  kind: RelationKind;
  columnCount: number;
  partitionOf?: string;
}

export interface TableRemoved {
  table: string;
  kind: RelationKind;
  partitionOf?: string;
}

export interface TableChanged {
  table: string;
  partitionOf?: string;
  kind?: { before: RelationKind; after: RelationKind };
  columns: ColumnChange[];
  primaryKey?: { before: string[]; after: string[] };
  foreignKeysAdded: SchemaForeignKey[];
  foreignKeysRemoved: SchemaForeignKey[];
  /** The table's or a column's comment changed. */
  commentsChanged: boolean;
  /** Columns present before and after now come in a different order (matters for SELECT *). */
  columnOrderChanged: boolean;
}

export type EnumChange =
  | { kind: 'added'; enum: string; values: string[] }
  | { kind: 'removed'; enum: string }
  | { kind: 'values_changed'; enum: string; before: string[]; after: string[] };

export interface SchemaChange {
  /** No earlier snapshot: everything in `after` is new. */
  initial: boolean;
  tablesAdded: TableAdded[];
  tablesRemoved: TableRemoved[];
  tablesChanged: TableChanged[];
  enums: EnumChange[];
  searchPath?: { before: string[]; after: string[] };
  /** Totals of the new schema, for the summary line. */
  totals: { tableCount: number; columnCount: number; kinds: Partial<Record<RelationKind | 'partition', number>> };
}

/** Compare two snapshots; `before` undefined means this is the first one. */
export function diffSchemas(before: SchemaDescription | undefined, after: SchemaDescription): SchemaChange {
  const change: SchemaChange = {
    initial: before === undefined,
    tablesAdded: [],
    tablesRemoved: [],
    tablesChanged: [],
    enums: [],
    totals: totals(after),
  };
  const old = byQualifiedName(before?.tables ?? []);
  const now = byQualifiedName(after.tables);

  for (const [key, table] of now) {
    const prev = old.get(key);
    if (!prev) {
      change.tablesAdded.push(withPartitionOf({ table: key, kind: table.kind, columnCount: table.columns.length }, table));
      continue;
    }
    const changed = diffTable(key, prev, table);
    if (changed) change.tablesChanged.push(changed);
  }
  for (const [key, table] of old) {
    if (!now.has(key)) change.tablesRemoved.push(withPartitionOf({ table: key, kind: table.kind }, table));
  }

  const oldEnums = byQualifiedName(before?.enums ?? []);
  const newEnums = byQualifiedName(after.enums);
  for (const [key, e] of newEnums) {
    const prev = oldEnums.get(key);
    if (!prev) change.enums.push({ kind: 'added', enum: key, values: e.values });
    else if (!sameList(prev.values, e.values)) change.enums.push({ kind: 'values_changed', enum: key, before: prev.values, after: e.values });
  }
  for (const key of oldEnums.keys()) if (!newEnums.has(key)) change.enums.push({ kind: 'removed', enum: key });

  if (before && !sameList(before.searchPath, after.searchPath)) {
    change.searchPath = { before: before.searchPath, after: after.searchPath };
  }
  return change;
}

/** True when the two snapshots differ in nothing diffSchemas reports. */
export function isEmptyChange(change: SchemaChange): boolean {
  return (
    !change.initial &&
    change.tablesAdded.length === 0 &&
    change.tablesRemoved.length === 0 &&
    change.tablesChanged.length === 0 &&
    change.enums.length === 0 &&
    change.searchPath === undefined
  );
}

export interface DescribeOptions {
  /** At most this many sentences; the rest are counted in a last "…and N more changes." line. Default 40. */
  maxLines?: number;
}

/** Short plain sentences, one per added/removed/changed object. */
export function describeChanges(change: SchemaChange, options: DescribeOptions = {}): string[] {
  if (change.initial) return [initialSentence(change)];
  if (isEmptyChange(change)) return ['No changes: the schema is the same as before.'];

  const lines: string[] = [];
  for (const t of change.tablesAdded) {
    const cols = plural(t.columnCount, 'column');
    lines.push(
      t.partitionOf
        ? `Added partition ${t.table} of ${t.partitionOf} (${cols}).`
        : `Added ${KIND_NOUN[t.kind]} ${t.table} (${cols}).`,
    );
  }
  for (const t of change.tablesRemoved) {
    lines.push(t.partitionOf ? `Removed partition ${t.table} of ${t.partitionOf}.` : `Removed ${KIND_NOUN[t.kind]} ${t.table}.`);
  }
  lines.push(...describeChangedTables(change.tablesChanged));
  for (const e of change.enums) lines.push(enumSentence(e));
  if (change.searchPath) {
    lines.push(`Search path changed from ${listOrNone(change.searchPath.before)} to ${listOrNone(change.searchPath.after)}.`);
  }

  const max = options.maxLines ?? 40;
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, Math.max(0, max - 1));
  kept.push(`…and ${lines.length - kept.length} more changes.`);
  return kept;
}

// ---------------------------------------------------------------------------------------------

const KIND_NOUN: Record<RelationKind, string> = {
  table: 'table',
  partitioned_table: 'partitioned table',
  view: 'view',
  materialized_view: 'materialized view',
  foreign_table: 'foreign table',
};

function diffTable(key: string, before: SchemaTable, after: SchemaTable): TableChanged | undefined {
  const changed: TableChanged = withPartitionOf(
    {
      table: key,
      columns: diffColumns(before.columns, after.columns),
      foreignKeysAdded: [],
      foreignKeysRemoved: [],
      commentsChanged: false,
      columnOrderChanged: false,
    },
    after,
  );
  if (before.kind !== after.kind) changed.kind = { before: before.kind, after: after.kind };
  if (!sameList(before.primaryKey, after.primaryKey)) changed.primaryKey = { before: before.primaryKey, after: after.primaryKey };

  const oldFks = new Map(before.foreignKeys.map((fk) => [fkKey(fk), fk]));
  const newFks = new Map(after.foreignKeys.map((fk) => [fkKey(fk), fk]));
  for (const [k, fk] of newFks) if (!oldFks.has(k)) changed.foreignKeysAdded.push(fk);
  for (const [k, fk] of oldFks) if (!newFks.has(k)) changed.foreignKeysRemoved.push(fk);

  const oldComments = new Map(before.columns.map((c) => [c.name, c.comment]));
  changed.commentsChanged =
    before.comment !== after.comment ||
    after.columns.some((c) => oldComments.has(c.name) && oldComments.get(c.name) !== c.comment);

  const afterNames = new Set(after.columns.map((c) => c.name));
  const kept = before.columns.map((c) => c.name).filter((n) => afterNames.has(n));
  const keptAfter = after.columns.map((c) => c.name).filter((n) => oldComments.has(n));
  changed.columnOrderChanged = !sameList(kept, keptAfter);

  const isChanged =
    changed.columns.length > 0 ||
    changed.kind !== undefined ||
    changed.primaryKey !== undefined ||
    changed.foreignKeysAdded.length > 0 ||
    changed.foreignKeysRemoved.length > 0 ||
    changed.commentsChanged ||
    changed.columnOrderChanged;
  return isChanged ? changed : undefined;
}

function diffColumns(before: SchemaColumn[], after: SchemaColumn[]): ColumnChange[] {
  const changes: ColumnChange[] = [];
  const old = new Map(before.map((c) => [c.name, c]));
  const now = new Set(after.map((c) => c.name));
  for (const col of after) {
    const prev = old.get(col.name);
    if (!prev) {
      changes.push({ kind: 'added', column: col.name, type: col.type });
      continue;
    }
    if (prev.type !== col.type) changes.push({ kind: 'type_changed', column: col.name, before: prev.type, after: col.type });
    if (prev.nullable !== col.nullable) changes.push({ kind: 'nullability_changed', column: col.name, nullable: col.nullable });
    if (prev.default !== col.default) changes.push({ kind: 'default_changed', column: col.name, before: prev.default, after: col.default });
  }
  for (const col of before) if (!now.has(col.name)) changes.push({ kind: 'removed', column: col.name });
  return changes;
}

// A partition usually changes exactly as its parent does (ALTER TABLE on the parent cascades);
// one line for the parent, "and the same in its N partitions", beats N+1 identical lines.
function describeChangedTables(tables: TableChanged[]): string[] {
  const bodies = new Map(tables.map((t) => [t.table, tableChangeBody(t)]));
  const folded = new Map<string, number>();
  for (const t of tables) {
    if (t.partitionOf && bodies.get(t.partitionOf) === bodies.get(t.table)) {
      folded.set(t.partitionOf, (folded.get(t.partitionOf) ?? 0) + 1);
    }
  }
  const lines: string[] = [];
  for (const t of tables) {
    if (t.partitionOf && bodies.get(t.partitionOf) === bodies.get(t.table)) continue;
    const n = folded.get(t.table);
    const suffix = n ? ` (the same in its ${plural(n, 'partition')})` : '';
    lines.push(`${t.table}: ${bodies.get(t.table) ?? ''}${suffix}.`);
  }
  return lines;
}

function tableChangeBody(t: TableChanged): string {
  const parts: string[] = [];
  if (t.kind) parts.push(`now a ${KIND_NOUN[t.kind.after]} (was a ${KIND_NOUN[t.kind.before]})`);
  for (const c of t.columns) parts.push(columnPhrase(c));
  if (t.columnOrderChanged) parts.push('column order changed');
  if (t.primaryKey) {
    parts.push(t.primaryKey.after.length === 0 ? 'primary key removed' : `primary key now (${t.primaryKey.after.join(', ')})`);
  }
  for (const fk of t.foreignKeysAdded) parts.push(`foreign key ${fkPhrase(fk)} added`);
  for (const fk of t.foreignKeysRemoved) parts.push(`foreign key ${fkPhrase(fk)} removed`);
  if (t.commentsChanged) parts.push('comments changed');
  return parts.join('; ');
}

function columnPhrase(c: ColumnChange): string {
  switch (c.kind) {
    case 'added':
      return `column ${c.column} added (${c.type})`;
    case 'removed':
      return `column ${c.column} removed`;
    case 'type_changed':
      return `column ${c.column} type changed from ${c.before} to ${c.after}`;
    case 'nullability_changed':
      return c.nullable ? `column ${c.column} now allows NULL` : `column ${c.column} is now NOT NULL`;
    case 'default_changed':
      return c.after === null ? `column ${c.column} default removed` : `column ${c.column} default now ${c.after}`;
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

function enumSentence(e: EnumChange): string {
  switch (e.kind) {
    case 'added':
      return `Added enum ${e.enum} (${e.values.join(', ')}).`;
    case 'removed':
      return `Removed enum ${e.enum}.`;
    case 'values_changed': {
      const added = e.after.filter((v) => !e.before.includes(v));
      const removed = e.before.filter((v) => !e.after.includes(v));
      const parts: string[] = [];
      if (added.length > 0) parts.push(`${added.length === 1 ? 'value' : 'values'} ${added.join(', ')} added`);
      if (removed.length > 0) parts.push(`${removed.length === 1 ? 'value' : 'values'} ${removed.join(', ')} removed`);
      if (parts.length === 0) parts.push('values reordered');
      return `Enum ${e.enum}: ${parts.join('; ')} (now ${e.after.join(', ')}).`;
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function initialSentence(change: SchemaChange): string {
  const { kinds, columnCount } = change.totals;
  const order: [RelationKind | 'partition', string][] = [
    ['table', 'table'],
    ['partitioned_table', 'partitioned table'],
    ['partition', 'partition'],
    ['view', 'view'],
    ['materialized_view', 'materialized view'],
    ['foreign_table', 'foreign table'],
  ];
  const counts = order.filter(([k]) => (kinds[k] ?? 0) > 0).map(([k, noun]) => plural(kinds[k] ?? 0, noun));
  if (counts.length === 0) return 'First schema snapshot: no tables visible.';
  return `First schema snapshot: ${counts.join(', ')}; ${plural(columnCount, 'column')}.`;
}

function totals(desc: SchemaDescription): SchemaChange['totals'] {
  const kinds: SchemaChange['totals']['kinds'] = {};
  let columnCount = 0;
  for (const t of desc.tables) {
    const k = t.partitionOf ? 'partition' : t.kind;
    kinds[k] = (kinds[k] ?? 0) + 1;
    columnCount += t.columns.length;
  }
  return { tableCount: desc.tables.length, columnCount, kinds };
}

function byQualifiedName<T extends { schema: string; name: string }>(items: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(`${item.schema}.${item.name}`, item);
  return map;
}

function withPartitionOf<T extends object>(value: T, table: SchemaTable): T & { partitionOf?: string } {
  return table.partitionOf ? { ...value, partitionOf: table.partitionOf } : value;
}

function fkKey(fk: SchemaForeignKey): string {
  return JSON.stringify([fk.name, fk.columns, fk.refSchema, fk.refTable, fk.refColumns]);
}

function fkPhrase(fk: SchemaForeignKey): string {
  return `(${fk.columns.join(', ')}) → ${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(', ')})`;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function listOrNone(list: string[]): string {
  return list.length === 0 ? '(none)' : list.join(', ');
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
