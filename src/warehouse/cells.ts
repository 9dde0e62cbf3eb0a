// Turns PostgreSQL's text output into Cells so types survive the trip: int8/numeric/money stay
// exact strings (a JS number would round them), dates and timestamps become ISO 8601, json/jsonb
// become JSON, arrays become JSON arrays, NULL stays null. Shared by the pg and demo connectors so
// both produce byte-identical results for the same query.
import { parse as parseArray } from 'postgres-array';
import type { Cell } from './types.ts';

/** Built-in type OIDs → names (pg_type.typname). Others are resolved from the catalog. */
export const BUILTIN_TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'bool', 17: 'bytea', 18: 'char', 19: 'name', 20: 'int8', 21: 'int2', 23: 'int4', 25: 'text',
  26: 'oid', 114: 'json', 142: 'xml', 700: 'float4', 701: 'float8', 790: 'money', 869: 'inet',
  650: 'cidr', 829: 'macaddr', 1042: 'bpchar', 1043: 'varchar', 1082: 'date', 1083: 'time',
  1114: 'timestamp', 1184: 'timestamptz', 1186: 'interval', 1266: 'timetz', 1560: 'bit',
  1562: 'varbit', 1700: 'numeric', 2950: 'uuid', 3802: 'jsonb', 2249: 'record', 2278: 'void',
  705: 'unknown', 3614: 'tsvector', 3615: 'tsquery', 4072: 'jsonpath',
  1000: '_bool', 1001: '_bytea', 1005: '_int2', 1007: '_int4', 1016: '_int8', 1009: '_text',
  1015: '_varchar', 1014: '_bpchar', 1021: '_float4', 1022: '_float8', 1231: '_numeric',
  1182: '_date', 1115: '_timestamp', 1185: '_timestamptz', 199: '_json', 3807: '_jsonb',
  2951: '_uuid', 1028: '_oid', 1003: '_name',
};

/** Convert one text value of the given type name into a Cell. */
export function toCell(typeName: string, text: string | null): Cell {
  if (text === null) return null;
  if (typeName.startsWith('_')) {
    const element = typeName.slice(1);
    return parseArray(text, (v: string | null) => (v === null ? null : toCell(element, v))) as Cell;
  }
  switch (typeName) {
    case 'int2':
    case 'int4':
    case 'oid':
    case 'float4':
    case 'float8': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text; // NaN / Infinity keep their text
    }
    case 'bool':
      return text === 't' || text === 'true';
    case 'json':
    case 'jsonb':
      return JSON.parse(text) as Cell;
    case 'timestamp':
      return text.replace(' ', 'T');
    case 'timestamptz':
      return isoOffset(text.replace(' ', 'T'));
    default:
      return text; // int8, numeric, money, date, text, uuid, enums, domains over text, …
  }
}

// PostgreSQL prints "+00" or "+05:30"; ISO 8601 wants "+00:00".
function isoOffset(text: string): string {
  return /[+-]\d\d$/.test(text) ? `${text}:00` : text;
}

/** Text for CSV and aligned tables: JSON as JSON text, NULL as empty. */
export function cellToText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}
