// The reply's summary sentence and receipt, computed from the result itself — never from the model —
// so a person can check every claim against the table. A claim about "the highest" holds for all
// rows only when all rows were seen; otherwise the sentence says "in the first N rows".
import type { Cell, ColumnMeta } from '../warehouse/types.ts';
import {
  compareDates,
  compareNumbers,
  detectGranularity,
  formatCompactAll,
  formatDateAt,
  formatNumber,
  humanizeColumn,
  isCalendarDate,
  isNumberType,
  isTimeType,
  toNumber,
  type Granularity,
} from '../lib/format-values.ts';

export interface SummaryInput {
  /** The user's question (null for raw SQL). Not restated: the summary describes the data only. */
  question: string | null;
  columns: ColumnMeta[];
  /** The first page only. */
  rows: Cell[][];
  totalRows: number;
  capped: boolean;
  exportRowCount: number;
  exportTruncated: boolean;
  /** "schema.name" the SQL read (from the guard). */
  relations: string[];
  /** A KB example matched: used as-is without a model, or given to the model as an example. */
  kbMatch?: { file: string; question: string; usedDirectly: boolean };
  fromCache?: boolean;
}

export interface Summary {
  /** One sentence a person can check against the table. */
  summary: string;
  /** One line: tables, rows, cuts, newest date, KB example or cache. */
  receipt: string;
  /** A single value worth showing big (one row, one value). */
  headline?: { label: string; value: string };
}

/** Summary sentence and receipt for a successful result. */
export function summarizeResult(input: SummaryInput): Summary {
  const view = viewOf(input);
  const { summary, headline } = summarize(view);
  return { summary, receipt: receiptOf(input, view), ...(headline ? { headline } : {}) };
}

// ---------------------------------------------------------------------------------------------
// What kind of column each one is

type Role = 'time' | 'measure' | 'label' | 'other';

// Numbers that name things rather than measure them: keys, and parts of dates (EXTRACT gives numeric).
const KEY_NAME = /(^id$|_id$|[a-z]Id$|^(year|quarter|month|week|day|hour|dow|isodow|isoyear|yr|fiscal_year)$|_(year|quarter|month|week|number|no)$)/i;
const OTHER_TYPES = new Set(['json', 'jsonb', 'bytea', 'xml', 'tsvector', 'tsquery', 'record', 'void']);

function roleOf(column: ColumnMeta): Role {
  if (isTimeType(column.type)) return 'time';
  if (isNumberType(column.type)) return KEY_NAME.test(column.name) ? 'label' : 'measure';
  if (column.type.startsWith('_') || OTHER_TYPES.has(column.type)) return 'other';
  return 'label'; // text, varchar, bool, uuid, enums, intervals, …
}

interface View {
  columns: ColumnMeta[];
  roles: Role[];
  rows: Cell[][];
  totalRows: number;
  capped: boolean;
  /** Every row of the result is in `rows`: claims about all rows may be made. */
  complete: boolean;
}

function viewOf(input: SummaryInput): View {
  const complete = !input.capped && input.rows.length >= input.totalRows;
  return { columns: input.columns, roles: input.columns.map(roleOf), rows: input.rows, totalRows: input.totalRows, capped: input.capped, complete };
}

// ---------------------------------------------------------------------------------------------
// The summary sentence

function summarize(v: View): { summary: string; headline?: Summary['headline'] } {
  if (v.columns.length === 0) return { summary: `The query returned ${rowsText(v.totalRows, v.capped)} and no columns.` };
  if (v.totalRows === 0 && v.rows.length === 0) return { summary: 'The query returned no rows.' };
  if (v.complete && v.rows.length === 1) {
    const single = singleRow(v);
    if (single) return single;
  }
  if (v.columns.length === 2 && v.rows.length > 1) {
    const measure = v.roles.indexOf('measure');
    const time = v.roles.indexOf('time');
    const label = v.roles.indexOf('label');
    if (measure >= 0 && time >= 0) return { summary: timeSeries(v, time, measure) };
    if (measure >= 0 && label >= 0) return { summary: byCategory(v, label, measure) };
  }
  return { summary: generic(v) };
}

// Column names that say nothing about the value: "count: 12" reads worse than "The answer is 12."
const UNINFORMATIVE = /^(\?column\?|count|sum|avg|min|max|coalesce|round|value|result|answer|exists|case)$/i;

function singleRow(v: View): { summary: string; headline?: Summary['headline'] } | undefined {
  const row = v.rows[0]!;
  if (v.columns.length === 1) {
    const column = v.columns[0]!;
    const value = cellText(row[0] ?? null, column, v.roles[0]!);
    if (UNINFORMATIVE.test(column.name)) return { summary: `The answer is ${value}.`, headline: { label: 'Answer', value } };
    const label = humanizeColumn(column.name);
    return { summary: `${label}: ${value}.`, headline: { label, value } };
  }
  if (v.columns.length === 2) {
    const m = v.roles.indexOf('measure');
    const d = v.roles.findIndex((r) => r === 'time' || r === 'label');
    if (m >= 0 && d >= 0 && m !== d) {
      const label = `${humanizeColumn(v.columns[m]!.name)} ${v.roles[d] === 'time' ? 'in' : 'for'} ${cellText(row[d] ?? null, v.columns[d]!, v.roles[d]!)}`;
      const value = cellText(row[m] ?? null, v.columns[m]!, 'measure');
      return { summary: `${label}: ${value}.`, headline: { label, value } };
    }
  }
  if (v.columns.length > 6) return undefined;
  const pairs = v.columns.map((c, i) => `${c.name} = ${cellText(row[i] ?? null, c, v.roles[i]!)}`);
  const sentence = `One row: ${pairs.join(', ')}.`;
  return sentence.length <= 300 ? { summary: sentence } : undefined;
}

interface Point {
  label: string;
  value: string | number;
}

function timeSeries(v: View, time: number, measure: number): string {
  const dates = v.rows.map((r) => r[time]).filter((c): c is string => typeof c === 'string' && isCalendarDate(c));
  const g = detectGranularity(dates);
  const at = (cell: Cell) => (typeof cell === 'string' && isCalendarDate(cell) ? dateLabel(cell, g) : cellText(cell, v.columns[time]!, 'time'));
  const points = v.rows.map((r) => ({ label: at(r[time] ?? null), value: r[measure] ?? null }));
  const span = dateSpan(dates, g);
  const name = humanizeColumn(v.columns[measure]!.name);
  const per = g === 'time' ? 'over time' : `per ${g}`;
  const preposition = g === 'day' ? 'on' : g === 'hour' || g === 'time' ? 'at' : 'in';
  const claims = extremes(points, v.columns[measure]!.type, (labels, value) => ` ${preposition} ${labels}: ${value}`, '; ');
  if (v.complete) return `${name} ${per}, ${rowsText(v.totalRows, v.capped)}${span ? ` ${span}` : ''}; ${claims}.`;
  return `${name} ${per}, ${rowsText(v.totalRows, v.capped)}; in the first ${int(v.rows.length)} rows${span ? `, ${span}` : ''}, ${claims}.`;
}

function byCategory(v: View, label: number, measure: number): string {
  const points = v.rows.map((r) => ({ label: cellText(r[label] ?? null, v.columns[label]!, 'label'), value: r[measure] ?? null }));
  const name = humanizeColumn(v.columns[measure]!.name);
  const by = lowerFirst(humanizeColumn(v.columns[label]!.name));
  const claims = extremes(points, v.columns[measure]!.type, (labels, value) => `: ${labels} (${value})`, ', ');
  if (v.complete) return `${name} by ${by}, ${rowsText(v.totalRows, v.capped)}; ${claims}.`;
  return `${name} by ${by}, ${rowsText(v.totalRows, v.capped)}; in the first ${int(v.rows.length)} rows, ${claims}.`;
}

/**
 * "highest in Dec 2025: 1.2 M; lowest in Feb 2025: 480.3 K" over the rows given, with ties named
 * and rows without a number counted, so the claim holds for every row it speaks of.
 */
function extremes(
  points: Array<{ label: string; value: Cell }>,
  type: string,
  describe: (labels: string, value: string) => string,
  separator: string,
): string {
  const numeric = points.filter((p): p is Point => isNumeric(p.value));
  const missing = points.length - numeric.length;
  const missingText = missing > 0 ? `; ${int(missing)} ${missing === 1 ? 'row has' : 'rows have'} no value` : '';
  if (numeric.length === 0) return `no row has a value`;
  let max = numeric[0]!.value;
  let min = numeric[0]!.value;
  for (const p of numeric) {
    if (compareNumbers(p.value, max) > 0) max = p.value;
    if (compareNumbers(p.value, min) < 0) min = p.value;
  }
  const [maxText, minText] = formatCompactAll([max, min], type);
  if (compareNumbers(max, min) === 0) {
    return `${numeric.length === 1 ? 'the one value is' : `all ${int(numeric.length)} values are`} ${maxText}${missingText}`;
  }
  const labelsAt = (value: string | number) => names(numeric.filter((p) => compareNumbers(p.value, value) === 0).map((p) => p.label));
  return `highest${describe(labelsAt(max), maxText!)}${separator}lowest${describe(labelsAt(min), minText!)}${missingText}`;
}

function isNumeric(cell: Cell): cell is string | number {
  return (typeof cell === 'number' || typeof cell === 'string') && !Number.isNaN(toNumber(cell));
}

// Ties are named, up to two: "Dec 2025 and Nov 2025", "North America, Europe and 3 more".
function names(labels: string[]): string {
  if (labels.length <= 2) return labels.join(' and ');
  return `${labels.slice(0, 2).join(', ')} and ${int(labels.length - 2)} more`;
}

function generic(v: View): string {
  const listed = v.columns.slice(0, 8).map((c) => c.name);
  const more = v.columns.length > 8 ? ` and ${v.columns.length - 8} more` : '';
  const columns = `${v.columns.length} ${v.columns.length === 1 ? 'column' : 'columns'} (${listed.join(', ')}${more})`;
  const head = `${rowsText(v.totalRows, v.capped)} × ${columns}`;
  const time = v.roles.indexOf('time');
  if (time < 0 || v.roles.indexOf('time', time + 1) >= 0) return `${head}.`;
  const dates = v.rows.map((r) => r[time]).filter((c): c is string => typeof c === 'string' && isCalendarDate(c));
  const span = dateSpan(dates, detectGranularity(dates));
  if (!span) return `${head}.`;
  return v.complete ? `${head}, ${v.columns[time]!.name} ${span}.` : `${head}; in the first ${int(v.rows.length)} rows, ${v.columns[time]!.name} ${span}.`;
}

function dateSpan(dates: string[], g: Granularity): string {
  if (dates.length === 0) return '';
  const sorted = [...dates].sort(compareDates);
  const first = dateLabel(sorted[0]!, g);
  const last = dateLabel(sorted[sorted.length - 1]!, g);
  return first === last ? `all ${g === 'day' ? 'on' : 'in'} ${first}` : `from ${first} to ${last}`;
}

function dateLabel(date: string, g: Granularity): string {
  const text = formatDateAt(date, g);
  return g === 'week' ? `the ${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// The receipt

function receiptOf(input: SummaryInput, v: View): string {
  const items: string[] = [];
  const tables = input.relations.slice(0, 6).join(', ');
  const moreTables = input.relations.length > 6 ? ` and ${input.relations.length - 6} more` : '';
  items.push(input.relations.length > 0 ? `Tables: ${tables}${moreTables}` : 'No tables read');
  items.push(input.capped ? `${rowsText(input.totalRows, false)} (capped at ${int(input.totalRows)})` : rowsText(input.totalRows, false));
  if (input.exportTruncated) {
    items.push(`CSV has the first ${int(input.exportRowCount)} of ${input.capped ? 'at least ' : ''}${int(input.totalRows)} rows`);
  }
  const newest = newestDate(v);
  if (newest) items.push(v.complete ? `data up to ${newest}` : `data up to ${newest} in the first ${int(v.rows.length)} rows`);
  if (input.kbMatch) {
    const example = `KB example "${oneLine(input.kbMatch.question, 80).replace(/"/g, "'")}" (${baseName(input.kbMatch.file)})`;
    items.push(input.kbMatch.usedDirectly ? `answered from ${example}` : `guided by ${example}`);
  }
  if (input.fromCache) items.push('SQL reused from the answer cache');
  return items.join(' · ');
}

/** The newest date over every date/timestamp column, at that column's granularity ("Dec 2025"). */
function newestDate(v: View): string | undefined {
  let best: { date: string; g: Granularity } | undefined;
  v.roles.forEach((role, i) => {
    if (role !== 'time') return;
    const dates = v.rows.map((r) => r[i]).filter((c): c is string => typeof c === 'string' && isCalendarDate(c));
    if (dates.length === 0) return;
    const newest = dates.reduce((a, b) => (compareDates(b, a) > 0 ? b : a));
    if (!best || compareDates(newest, best.date) > 0) best = { date: newest, g: detectGranularity(dates) };
  });
  return best ? formatDateAt(best.date, best.g) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function cellText(cell: Cell, column: ColumnMeta, role: Role): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'object') return oneLine(JSON.stringify(cell), 60);
  if (typeof cell === 'boolean') return String(cell);
  if (role === 'measure') return formatNumber(cell, column.type);
  if (role === 'time' && typeof cell === 'string') return formatDateAt(cell, detectGranularity([cell]));
  return oneLine(String(cell), 60);
}

function rowsText(n: number, capped: boolean): string {
  return `${capped ? 'at least ' : ''}${int(n)} ${n === 1 ? 'row' : 'rows'}`;
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

function lowerFirst(text: string): string {
  const first = text.split(' ')[0]!;
  if (first.length > 1 && first === first.toUpperCase()) return text; // an acronym: "SKU"
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
