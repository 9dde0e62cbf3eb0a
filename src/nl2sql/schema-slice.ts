// The part of the warehouse schema a prompt shows: the tables rank-tables.ts ranks for the question
// (matches, boosted tables, the tables joining them, their foreign-key neighbours), rendered as
// compact DDL in rank order until the token budget is spent. A schema that fits is shown whole.
import type { SchemaDescription, SchemaEnum } from '../warehouse/schema-types.ts';
import { byConnections, rankIndexed } from './rank-tables.ts';
import { renderTable } from './schema-ddl.ts';
import { indexSchema, type IndexedTable } from './schema-index.ts';
import { questionTerms } from './terms.ts';
import { estimateTokens } from './tokens.ts';

export interface SchemaSliceOptions {
  tokenBudget: number;
  /** "schema.name" (or a bare name on the search path) from matched KB examples and earlier turns. */
  boostTables?: string[];
}

/** The rendered slice: `tables` in the order shown, `truncated` when relevant tables or columns did not fit. */
export interface SchemaSlice {
  tables: string[];
  text: string;
  tokens: number;
  truncated: boolean;
}

// The most relevant tables are kept even when too wide for the budget, with their columns cut.
const CUT_COLUMNS_RANK = 3;
const SEPARATOR_TOKENS = 1;

/** Choose and render the tables a question needs, within `tokenBudget` estimated tokens. */
export function selectSchemaSlice(schema: SchemaDescription, question: string, options: SchemaSliceOptions): SchemaSlice {
  const index = indexSchema(schema);
  const terms = questionTerms(question);
  const ranked = rankIndexed(index, terms, options.boostTables ?? []).map((r) => r.entry);

  // A schema that fits whole is shown whole (the model sees every table, most relevant first).
  const rankedKeys = new Set(ranked.map((t) => t.key));
  const rest = index.tables.filter((t) => !rankedKeys.has(t.key));
  if (rest.length > 0) {
    const whole = assemble([...ranked, ...rest], options.tokenBudget, terms, { allOrNothing: true });
    if (whole) return whole;
  }
  if (ranked.length === 0) {
    // Nothing matched ("revenue" in a schema that says `amount`): show the best-connected tables,
    // the warehouse's hubs, rather than nothing; the model can still ask a clarifying question.
    const slice = assemble(byConnections(index), options.tokenBudget, terms, { allOrNothing: false })!;
    return { ...slice, truncated: true };
  }
  return assemble(ranked, options.tokenBudget, terms, { allOrNothing: false })!;
}

/** No table renders in fewer tokens than this ("CREATE TABLE s.t (id int)"). */
const MIN_TABLE_TOKENS = 12;
/** Consecutive tables that did not fit before we stop trying smaller ones further down. */
const MAX_MISSES = 20;

function assemble(order: IndexedTable[], budget: number, terms: string[], mode: { allOrNothing: boolean }): SchemaSlice | undefined {
  const shownEnums = new Set<string>();
  const chunks: string[] = [];
  const tables: string[] = [];
  let used = 0;
  let truncated = false;
  let misses = 0;

  for (let rank = 0; rank < order.length; rank++) {
    const entry = order[rank]!;
    const enums = entry.enums.filter((e) => !shownEnums.has(`${e.schema}.${e.name}`));
    const remaining = budget - used - (chunks.length > 0 ? SEPARATOR_TOKENS : 0);
    // A full budget, or a long run of tables that did not fit: rendering the rest (hundreds of
    // weakly scored tables in a big warehouse) would only cost time.
    if (remaining < MIN_TABLE_TOKENS || misses >= MAX_MISSES) {
      if (mode.allOrNothing) return undefined;
      truncated = true;
      break;
    }
    let text: string | undefined = renderTable(entry.table, { enums, withColumnComments: true });
    if (estimateTokens(text) > remaining) {
      if (mode.allOrNothing) return undefined;
      truncated = true;
      text = renderTable(entry.table, { enums, withColumnComments: false });
      if (estimateTokens(text) > remaining) text = rank < CUT_COLUMNS_RANK ? cutColumns(entry, enums, terms, remaining) : undefined;
    }
    if (text === undefined) {
      misses++;
      continue;
    }
    misses = 0;
    used += estimateTokens(text) + (chunks.length > 0 ? SEPARATOR_TOKENS : 0);
    chunks.push(text);
    tables.push(entry.key);
    for (const e of enums) shownEnums.add(`${e.schema}.${e.name}`);
  }
  const text = chunks.join('\n\n');
  return { tables, text, tokens: estimateTokens(text), truncated };
}

/** The table with as many columns as fit: keys and question-matching columns first. Undefined if not even one fits. */
function cutColumns(entry: IndexedTable, enums: SchemaEnum[], terms: string[], remaining: number): string | undefined {
  const { table } = entry;
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const wanted = new Set(terms);
  const priority = (name: string) => {
    if (table.primaryKey.includes(name)) return 0;
    if ((entry.columnTerms.get(name) ?? []).some((t) => wanted.has(t))) return 1;
    if (fkColumns.has(name)) return 2;
    return 3;
  };
  const ordered = table.columns.map((c, i) => ({ name: c.name, p: priority(c.name), i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const render = (n: number) =>
    renderTable(table, { enums, withColumnComments: false, keepColumns: new Set(ordered.slice(0, n).map((c) => c.name)) });
  // Binary search the most columns that fit; rendering is monotonic in the number kept.
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(render(mid)) <= remaining) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? undefined : render(lo);
}
