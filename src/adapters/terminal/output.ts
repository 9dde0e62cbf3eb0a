// How the CLI talks: results to stdout (a table for people, one JSON object with --json), problems
// to stderr as one line. Exit codes: 0 ok, 1 the command ran but failed, 2 usage, 130 interrupted.
import { cellToText } from '../../warehouse/cells.ts';
import type { Cell, ColumnMeta } from '../../warehouse/types.ts';
import { formatTable } from './format-table.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`threadsql: ${text}\n`);
}

/** A page of rows for people: the table, or a note when it is empty. Long pages are shown whole. */
export function printRows(columns: ColumnMeta[], rows: Cell[][]): void {
  if (columns.length === 0) return;
  printLine(formatTable(columns, rows));
}

/** JSON rows keep their types: numbers, exact numeric strings, ISO dates, JSON objects, null. */
export function jsonColumns(columns: ColumnMeta[]): Array<{ name: string; type: string }> {
  return columns.map((c) => ({ name: c.name, type: c.type }));
}

export { cellToText };
