// What each result column is for a chart (time, measure, category, …) and its cells as numbers,
// instants and labels. Cells arrive typed from the warehouse: int8/numeric as exact strings,
// dates as ISO text (see warehouse/cells.ts). Charts only need drawing precision, so numbers
// become floats here (an int8 beyond 2^53 is drawn a hair off; the table keeps it exact).
import { isCalendarDate, isNumberType, isTimeType, toNumber } from '../lib/format-values.ts';
import type { Cell, ColumnMeta } from '../warehouse/types.ts';
import type { ColumnRole } from './chart-types.ts';

// Numbers that name things rather than measure them (same idea as the summary's roles).
const ID_NAME = /(^id$|_id$|[a-z]Id$|_(number|no|code)$)/;
const ORDINAL_NAME = /^(quarter|month|week|day|hour|dow|isodow|weekday|day_of_week|month_num|week_num)$|_(quarter|month|week|day|hour)$/i;
const YEAR_NAME = /^(year|yr|isoyear|fiscal_year)$|_year$/i;
const OTHER_TYPES = new Set(['json', 'jsonb', 'bytea', 'xml', 'tsvector', 'tsquery', 'record', 'void']);
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The role of every column, from its type, its name and (for text) its values. */
export function columnRoles(columns: ColumnMeta[], rows: Cell[][]): ColumnRole[] {
  return columns.map((column, i) => roleOf(column, rows, i));
}

function roleOf(column: ColumnMeta, rows: Cell[][], index: number): ColumnRole {
  const type = column.type;
  if (isTimeType(type)) return 'time';
  if (type.startsWith('_') || OTHER_TYPES.has(type)) return 'other';
  if (isNumberType(type)) {
    if (ID_NAME.test(column.name)) return 'category';
    if (YEAR_NAME.test(column.name) && looksLikeYears(rows, index)) return 'time';
    if (ORDINAL_NAME.test(column.name)) return 'ordinal';
    return 'measure';
  }
  // Dates that arrive as text (a cast to text, a CSV-loaded table): chart them as time when nearly
  // every value is an ISO date.
  const values = rows.map((r) => r[index]).filter((c) => c !== null && c !== undefined);
  if (values.length > 0 && values.filter((c) => typeof c === 'string' && isCalendarDate(c)).length >= 0.9 * values.length) return 'time';
  return 'category';
}

function looksLikeYears(rows: Cell[][], index: number): boolean {
  const values = rows.map((r) => toChartNumber(r[index] ?? null, 'int4')).filter((n): n is number => n !== null);
  return values.length > 0 && values.every((n) => Number.isInteger(n) && n >= 1000 && n <= 9999);
}

/** A cell as a finite number, or null (NULL, NaN, Infinity, text that is not a number). */
export function toChartNumber(cell: Cell, type: string): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (PLAIN_NUMBER.test(text)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'money') {
    const n = toNumber(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/;

/**
 * A time cell as milliseconds of its wall clock read as UTC (what the database printed, in the
 * session's zone), so a chart in UTC shows the same dates and hours as the table. Year numbers
 * (a `year` column) become January 1st. Null when it is not a date.
 */
export function toChartTime(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 1000 && cell <= 9999 ? Date.UTC(cell, 0, 1) : null;
  if (typeof cell !== 'string') return null;
  const m = ISO.exec(cell.trim());
  if (m) {
    const seconds = Number(m[6] ?? 0);
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Math.floor(seconds), Math.round((seconds % 1) * 1000));
    return Number.isFinite(ms) ? ms : null;
  }
  if (/^\d{4}$/.test(cell.trim())) return Date.UTC(Number(cell.trim()), 0, 1);
  return null;
}

/** The ISO date (and time) of a chart instant, for granularity detection and formatting. */
export function timeToIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

// Pictographs outside the Basic Multilingual Plane (emoji), their joiners and variation selectors:
// DejaVu has no glyphs for them, so they would be drawn as boxes.
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{E0000}-\u{E007F}]|\u200D|\uFE0F/gu;

/** A category cell as a label fit to draw: one line, no emoji, at most `max` characters (…). */
export function toChartLabel(cell: Cell, max = 28): string {
  if (cell === null || cell === undefined) return '(no value)';
  const raw = typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
  const flat = raw.replace(EMOJI, '').replace(/[\p{Cc}\s]+/gu, ' ').trim();
  if (!flat) return raw.trim() ? '(emoji)' : '(blank)';
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : flat;
}

/** The label of a cell before truncation (alt text wants the whole name, still one line). */
export function fullLabel(cell: Cell): string {
  return toChartLabel(cell, 200);
}

/** Distinct non-null values of a column (stops counting at `cap`). */
export function distinctCount(rows: Cell[][], index: number, cap = Number.POSITIVE_INFINITY): number {
  const seen = new Set<string>();
  for (const row of rows) {
    const cell = row[index];
    if (cell === null || cell === undefined) continue;
    seen.add(typeof cell === 'object' ? JSON.stringify(cell) : String(cell));
    if (seen.size >= cap) break;
  }
  return seen.size;
}
