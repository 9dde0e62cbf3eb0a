// An aligned plain-text table for terminals: numbers right-aligned, NULL shown as NULL, long cells cut
// with an ellipsis, so a person can read a page of results at a glance.
import type { Cell, ColumnMeta } from '../../warehouse/types.ts';
import { cellToText } from '../../warehouse/cells.ts';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'money', 'oid']);

export interface FormatTableOptions {
  maxCellWidth?: number;
}

export function formatTable(columns: ColumnMeta[], rows: Cell[][], options: FormatTableOptions = {}): string {
  const max = options.maxCellWidth ?? 40;
  const show = (c: Cell) => clip(c === null ? 'NULL' : oneLine(cellToText(c)), max);
  const header = columns.map((c) => clip(c.name, max));
  const body = rows.map((r) => r.map(show));
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const right = columns.map((c) => NUMERIC.has(c.type));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]! + cell.length - width(cell)) : cell.padEnd(widths[i]! + cell.length - width(cell))))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...body.map(line)].join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ');
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

// Code points, not UTF-16 units, so accents and emoji don't break the alignment of most scripts.
function width(s: string): number {
  return [...s].length;
}
