// Column helpers shared by every table: one timestamp representation, booleans as 0/1, and the
// CHECKs that keep those representations honest even when someone writes SQL by hand.
import { sql, type SQL } from 'drizzle-orm';
import { check, customType, type SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Every timestamp in the store is ISO-8601 text in UTC with milliseconds, exactly as
 * `Date.prototype.toISOString()` writes it (`2025-03-04T05:06:07.089Z`, always 24 characters).
 * Fixed width means text order is time order, so `ORDER BY created_at` and `expires_at < ?`
 * are correct without conversion, and the rows stay readable in the sqlite3 shell.
 */
export const timestamp = customType<{ data: Date; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => value.toISOString(),
  fromDriver: (value) => new Date(value),
});

/** GLOB that admits only the 24-character UTC form above; anything else fails the row's CHECK. */
const ISO_TIMESTAMP_GLOB =
  "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'";

/** GLOB for an ISO calendar date (`2025-03-03`), used for week starts. */
export const ISO_DATE_GLOB = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'";

/** CHECK that a (nullable) timestamp column holds the one ISO form. */
export function isoTimestampCheck(name: string, column: SQLiteColumn) {
  return check(name, sql`${column} IS NULL OR ${column} GLOB ${sql.raw(ISO_TIMESTAMP_GLOB)}`);
}

/** CHECK that a boolean column (integer, mode 'boolean') holds exactly 0 or 1. */
export function booleanCheck(name: string, column: SQLiteColumn) {
  return check(name, sql`${column} IN (0, 1)`);
}

/** CHECK that a text column holds one of a closed set of values (NULL allowed when the column is nullable). */
export function oneOfCheck(name: string, column: SQLiteColumn, values: readonly string[]) {
  return check(name, sql`${column} IN (${sql.raw(values.map(quoteLiteral).join(', '))})`);
}

/** CHECK that a column is NULL or a non-negative number. */
export function nonNegativeCheck(name: string, column: SQLiteColumn) {
  return check(name, sql`${column} IS NULL OR ${column} >= 0`);
}

/** CHECK that a text column is NULL or valid JSON. */
export function jsonCheck(name: string, column: SQLiteColumn, extra?: SQL) {
  return extra
    ? check(name, sql`${column} IS NULL OR (json_valid(${column}) AND ${extra})`)
    : check(name, sql`${column} IS NULL OR json_valid(${column})`);
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
