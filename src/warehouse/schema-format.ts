// Plain-text views of a SchemaDescription for terminals and code blocks (`threadsql schema`,
// the schema command in chat): an overview with one line per table, one table in detail, and
// name lookup with "did you mean" suggestions for typos.
import type { RelationKind, SchemaColumn, SchemaDescription, SchemaTable } from './schema-types.ts';

export interface OverviewOptions {
  /** List partitions on their own lines; by default they are counted on their parent's line. */
  includePartitions?: boolean;
  /** Comments longer than this are cut with "…". Default 60. */
  commentWidth?: number;
}

const KIND_LABEL: Record<RelationKind, string> = {
  table: 'table',
  partitioned_table: 'partitioned table',
  view: 'view',
  materialized_view: 'materialized view',
  foreign_table: 'foreign table',
};

/** One line per table: schema.name, kind, column count, ~rows, comment (truncated). */
export function formatSchemaOverview(desc: SchemaDescription, options: OverviewOptions = {}): string {
  const commentWidth = options.commentWidth ?? 60;
  const partitionCounts = new Map<string, number>();
  for (const t of desc.tables) {
    if (t.partitionOf) partitionCounts.set(t.partitionOf, (partitionCounts.get(t.partitionOf) ?? 0) + 1);
  }
  const shown = options.includePartitions ? desc.tables : desc.tables.filter((t) => !t.partitionOf);

  const rows = shown.map((t) => {
    const partitions = partitionCounts.get(qualifiedName(t));
    const notes = [
      partitions && !options.includePartitions ? `[${plural(partitions, 'partition')}]` : '',
      t.partitionOf ? `[partition of ${t.partitionOf}]` : '',
      t.comment ? truncate(oneLine(t.comment), commentWidth) : '',
    ].filter(Boolean);
    return [qualifiedName(t), KIND_LABEL[t.kind], plural(t.columns.length, 'col'), rowsLabel(t), notes.join(' ')];
  });

  const relationCount = plural(shown.length, 'relation');
  const hidden = desc.tables.length - shown.length;
  const header = [
    `${relationCount}${hidden > 0 ? ` (plus ${plural(hidden, 'partition')})` : ''}`,
    `search path: ${desc.searchPath.length > 0 ? desc.searchPath.join(', ') : '(none)'}`,
  ].join('; ');
  if (rows.length === 0) return `${header}\nNo tables or views are visible to this role.`;
  return [header, ...alignRows(rows, ['left', 'left', 'right', 'right', 'left'])].join('\n');
}

/** A table in detail: aligned columns, primary key, foreign keys in and out, enum values. Undefined when not found. */
export function formatTable(desc: SchemaDescription, name: string): string | undefined {
  const table = findTable(desc, name);
  if (!table) return undefined;
  const qualified = qualifiedName(table);
  const lines: string[] = [];

  const facts = [KIND_LABEL[table.kind], rowsLabel(table)].filter(Boolean).join(', ');
  lines.push(`${qualified} (${facts})`);
  if (table.partitionOf) lines.push(`Partition of ${table.partitionOf}.`);
  if (table.comment) lines.push(oneLine(table.comment));
  lines.push('');

  const header = ['column', 'type', 'nullable', 'default', 'comment'];
  const body = table.columns.map((c) => [
    c.name,
    columnType(c),
    c.nullable ? '' : 'not null',
    c.default === null ? '' : truncate(c.default, 40),
    c.comment === null ? '' : truncate(oneLine(c.comment), 80),
  ]);
  // Drop columns that are empty for every row (views have no defaults; most tables no comments).
  const keep = header.map((_, i) => i < 2 || body.some((r) => r[i] !== ''));
  const pick = (r: string[]) => r.filter((_, i) => keep[i]);
  const aligned = alignRows([pick(header), ...body.map(pick)], []);
  lines.push(...aligned.map((l) => `  ${l}`));

  if (table.primaryKey.length > 0) lines.push('', `Primary key: (${table.primaryKey.join(', ')})`);

  if (table.foreignKeys.length > 0) {
    lines.push('', 'Foreign keys:');
    for (const fk of table.foreignKeys) {
      lines.push(`  ${fk.columns.join(', ')} → ${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(', ')})`);
    }
  }

  const incoming = desc.tables.flatMap((t) =>
    t.foreignKeys
      .filter((fk) => fk.refSchema === table.schema && fk.refTable === table.name && !t.partitionOf)
      .map((fk) => `  ${qualifiedName(t)}(${fk.columns.join(', ')}) → ${fk.refColumns.join(', ')}`),
  );
  if (incoming.length > 0) lines.push('', 'Referenced by:', ...incoming);

  const enumLines = table.columns.flatMap((c) => {
    const e = enumFor(desc, c);
    return e ? [`  ${c.name} (${c.type}): ${e.join(', ')}`] : [];
  });
  if (enumLines.length > 0) lines.push('', 'Enum values:', ...enumLines);

  const partitions = desc.tables.filter((t) => t.partitionOf === qualified).map(qualifiedName);
  if (partitions.length > 0) {
    // Daily partitions run into the thousands; the first few show the naming pattern.
    const listed = partitions.slice(0, 10).join(', ');
    const more = partitions.length > 10 ? `, … and ${partitions.length - 10} more` : '';
    lines.push('', `Partitions (${partitions.length}): ${listed}${more}`);
  }

  return lines.join('\n');
}

/**
 * Find a table by `name` or `schema.name`, case-insensitively (an exact-case match wins; double
 * quotes are allowed). An unqualified name resolves through the search path first, like PostgreSQL.
 */
export function findTable(desc: SchemaDescription, name: string): SchemaTable | undefined {
  const parts = splitName(name);
  if (parts.length === 0 || parts.length > 2) return undefined;
  const [schema, rel] = parts.length === 2 ? [parts[0], parts[1]] : [undefined, parts[0]];
  if (rel === undefined) return undefined;

  const matches = (t: SchemaTable, exact: boolean) => {
    const eq = (a: string, b: string) => (exact ? a === b : a.toLowerCase() === b.toLowerCase());
    return eq(t.name, rel) && (schema === undefined || eq(t.schema, schema));
  };
  for (const exact of [true, false]) {
    const found = desc.tables.filter((t) => matches(t, exact));
    if (found.length === 0) continue;
    const rank = (t: SchemaTable) => {
      const i = desc.searchPath.indexOf(t.schema);
      return i === -1 ? desc.searchPath.length : i;
    };
    return [...found].sort((a, b) => rank(a) - rank(b))[0];
  }
  return undefined;
}

/** Close matches for a mistyped table name, best first, as "schema.name" (at most `limit`). */
export function suggestTables(desc: SchemaDescription, name: string, limit = 5): string[] {
  const wanted = splitName(name).join('.').toLowerCase();
  if (wanted === '') return [];
  const threshold = Math.max(1, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const t of desc.tables) {
    const qualified = qualifiedName(t);
    const candidates = [t.name.toLowerCase(), qualified.toLowerCase()];
    let score = Math.min(...candidates.map((c) => editDistance(wanted, c)));
    // "pay" → payment, "film" → film_list: a containment is a good hint even when far in edits.
    if (score > threshold && wanted.length >= 3 && candidates.some((c) => c.includes(wanted) || wanted.includes(c))) {
      score = threshold + 0.5;
    }
    if (score <= threshold + 0.5) scored.push({ name: qualified, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}

/** "schema.name" */
export function qualifiedName(t: { schema: string; name: string }): string {
  return `${t.schema}.${t.name}`;
}

// ---------------------------------------------------------------------------------------------

function columnType(c: SchemaColumn): string {
  return c.domainBase ? `${c.type} (${c.domainBase})` : c.type;
}

function enumFor(desc: SchemaDescription, c: SchemaColumn): string[] | undefined {
  if (c.enumType) return desc.enums.find((e) => qualifiedName(e) === c.enumType)?.values;
  // Descriptions stored before enumType existed: match the printed type name.
  const bare = c.type.replace(/\[\]$/, '');
  return desc.enums.find((e) => e.name === bare || qualifiedName(e) === bare)?.values;
}

function rowsLabel(t: SchemaTable): string {
  if (t.kind === 'view') return '';
  if (t.rowEstimate === null) return '? rows';
  return `~${compactCount(t.rowEstimate)} rows`;
}

function compactCount(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${unit}`;
    }
  }
  return String(n);
}

function alignRows(rows: string[][], align: ('left' | 'right')[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = (widths[i] ?? 0) - [...cell].length;
        return align[i] === 'right' ? ' '.repeat(pad) + cell : cell + ' '.repeat(pad);
      })
      .join('  ')
      .trimEnd(),
  );
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

// Split `schema.name`, honouring double-quoted parts ("My Table" or "a.b").
function splitName(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  const s = input.trim();
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      if (quoted && s[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (ch === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.some((p) => p === '') ? [] : parts;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions ("flim" → "film").
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}
