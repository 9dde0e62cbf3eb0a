// Rows of a demo table in PostgreSQL's COPY text format (tab-separated, \N for NULL), plus the
// formatting helpers the generators share: money kept in integer cents, times in UTC epoch ms.

/** A generated table, ready for `COPY <name> (<columns>) FROM '/dev/blob'`. */
export interface TableData {
  name: string;
  columns: readonly string[];
  rowCount: number;
  /** COPY text format, one line per row. */
  text: string;
}

export type TsvValue = string | number | boolean | null | object;

export interface TableWriter {
  add(values: readonly TsvValue[]): void;
  finish(): TableData;
}

export function tableWriter(name: string, columns: readonly string[]): TableWriter {
  const lines: string[] = [];
  return {
    add(values) {
      if (values.length !== columns.length) {
        throw new Error(`${name}: ${values.length} values for ${columns.length} columns`);
      }
      lines.push(values.map(encode).join('\t'));
    },
    finish: () => ({ name, columns, rowCount: lines.length, text: lines.length ? `${lines.join('\n')}\n` : '' }),
  };
}

function encode(value: TsvValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Cents → "1234.50". */
export function money(cents: number): string {
  const c = Math.round(cents);
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** Epoch ms → "2024-03-05" (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms → "2024-03-05T14:03:27Z" (UTC, whole seconds). */
export function isoTimestamp(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Epoch ms at UTC midnight of the given calendar day (month 1–12). */
export function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/** ASCII-only, lower-case form of a name for e-mail addresses ("José Núñez" → "jose.nunez"). */
export function emailLocalPart(...parts: string[]): string {
  return parts
    .map((p) => p.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ''))
    .filter(Boolean)
    .join('.');
}
