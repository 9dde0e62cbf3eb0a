// Compact DDL-like text for the tables in a prompt's schema slice: what a model reads best.
//
//   -- Films in the catalogue
//   -- enum public.mpaa_rating: 'G', 'PG', 'PG-13', 'R', 'NC-17'
//   CREATE TABLE public.film (
//     film_id integer NOT NULL,
//     language_id smallint NOT NULL REFERENCES public.language (language_id),
//     rating public.mpaa_rating, -- MPAA rating
//     PRIMARY KEY (film_id)
//   );
import type { RelationKind, SchemaColumn, SchemaEnum, SchemaTable } from '../warehouse/schema-types.ts';

export interface RenderOptions {
  /** Enums to define above the table (those not already shown earlier in the slice). */
  enums: SchemaEnum[];
  /** Column comments and domain notes; dropped in the compact form. */
  withColumnComments: boolean;
  /** Only these columns (the rest are counted in a comment); all when undefined. */
  keepColumns?: ReadonlySet<string>;
}

const KEYWORD: Record<RelationKind, string> = {
  table: 'CREATE TABLE',
  partitioned_table: 'CREATE TABLE',
  view: 'CREATE VIEW',
  materialized_view: 'CREATE MATERIALIZED VIEW',
  foreign_table: 'CREATE FOREIGN TABLE',
};
const TABLE_COMMENT_MAX = 300;
const COLUMN_COMMENT_MAX = 120;
const ENUM_VALUES_MAX = 40;

/** One table as DDL-like text, preceded by its comment and the definitions of `enums`. */
export function renderTable(table: SchemaTable, options: RenderOptions): string {
  const lines: string[] = [];
  if (table.comment) lines.push(`-- ${clip(oneLine(table.comment), TABLE_COMMENT_MAX)}`);
  for (const e of options.enums) lines.push(renderEnum(e));

  // Single-column foreign keys go inline as REFERENCES; composite ones get their own line.
  const inlineRef = new Map<string, string>();
  const compositeRefs: string[] = [];
  for (const fk of table.foreignKeys) {
    const target = `${quoteName(fk.refSchema)}.${quoteName(fk.refTable)}`;
    if (fk.columns.length === 1 && !inlineRef.has(fk.columns[0]!)) {
      inlineRef.set(fk.columns[0]!, `REFERENCES ${target} (${quoteName(fk.refColumns[0] ?? '')})`);
    } else {
      compositeRefs.push(`FOREIGN KEY (${fk.columns.map(quoteName).join(', ')}) REFERENCES ${target} (${fk.refColumns.map(quoteName).join(', ')})`);
    }
  }

  const items: Array<{ text: string; comment?: string }> = [];
  const shown = options.keepColumns ? table.columns.filter((c) => options.keepColumns!.has(c.name)) : table.columns;
  for (const c of shown) {
    const parts = [quoteName(c.name), c.type];
    if (!c.nullable) parts.push('NOT NULL');
    const ref = inlineRef.get(c.name);
    if (ref) parts.push(ref);
    const comment = options.withColumnComments ? columnComment(c) : undefined;
    items.push(comment ? { text: parts.join(' '), comment } : { text: parts.join(' ') });
  }
  const shownNames = new Set(shown.map((c) => c.name));
  if (table.primaryKey.length > 0 && table.primaryKey.every((k) => shownNames.has(k))) {
    items.push({ text: `PRIMARY KEY (${table.primaryKey.map(quoteName).join(', ')})` });
  }
  for (const ref of compositeRefs) items.push({ text: ref });

  lines.push(`${KEYWORD[table.kind]} ${quoteName(table.schema)}.${quoteName(table.name)} (`);
  items.forEach((item, i) => {
    const comma = i < items.length - 1 ? ',' : '';
    lines.push(`  ${item.text}${comma}${item.comment ? ` -- ${item.comment}` : ''}`);
  });
  const hidden = table.columns.length - shown.length;
  if (hidden > 0) lines.push(`  -- (${hidden} more column${hidden === 1 ? '' : 's'} not shown)`);
  lines.push(');');
  return lines.join('\n');
}

function columnComment(c: SchemaColumn): string | undefined {
  const parts: string[] = [];
  if (c.domainBase) parts.push(`domain over ${c.domainBase}`);
  if (c.comment) parts.push(clip(oneLine(c.comment), COLUMN_COMMENT_MAX));
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** `-- enum public.mpaa_rating: 'G', 'PG', …` (long enums are cut with a count). */
export function renderEnum(e: SchemaEnum): string {
  const values = e.values.slice(0, ENUM_VALUES_MAX).map((v) => `'${v.replace(/'/g, "''")}'`);
  const more = e.values.length - values.length;
  return `-- enum ${quoteName(e.schema)}.${quoteName(e.name)}: ${values.join(', ')}${more > 0 ? `, … (${more} more)` : ''}`;
}

// PostgreSQL's reserved and type/function-name keywords: a column called `order` or `user` must be
// written quoted, so the slice shows it quoted and the model copies that.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate ' +
    'collation column concurrently constraint create cross current_catalog current_date current_role ' +
    'current_schema current_time current_timestamp current_user default deferrable desc distinct do else end ' +
    'except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into ' +
    'is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on ' +
    'only or order outer overlaps placing primary references returning right select session_user similar some ' +
    'symmetric system_user table tablesample then to trailing true union unique user using variadic verbose ' +
    'when where window with'
  ).split(/\s+/),
);

/** An identifier as it must be written in SQL: bare when lower-case and not reserved, else double-quoted. */
export function quoteName(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
