// Cells ↔ CSV fields. RFC 4180 has no NULL, so we keep the difference the only way a CSV can:
// NULL is an empty unquoted field, an empty string is a quoted "" (csv-stringify's quoted_empty).
// Reading a page back from the export restores the original Cell using the column's type.
import type { Cell } from '../warehouse/types.ts';

const NUMBER_TYPES = new Set(['int2', 'int4', 'oid', 'float4', 'float8']);

/** The field value written to the CSV; `null` stays null so the writer leaves the field empty. */
export function cellToCsvField(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'object') return JSON.stringify(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return String(cell);
}

/** Inverse of cellToCsvField for a column of the given type. */
export function csvFieldToCell(type: string, field: string, quoted: boolean): Cell {
  if (field === '' && !quoted) return null;
  if (type.startsWith('_') || type === 'json' || type === 'jsonb') return JSON.parse(field) as Cell;
  if (NUMBER_TYPES.has(type)) {
    const n = Number(field);
    return Number.isFinite(n) ? n : field;
  }
  if (type === 'bool') return field === 'true';
  return field;
}
