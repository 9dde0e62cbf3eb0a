// Parsing with the real PostgreSQL parser (libpg-query, PostgreSQL 18's grammar compiled to
// WASM). The guard decides on this tree, never on the text, so comments, quoting, dollar
// quoting, case and U&"…" escapes mean exactly what they mean to the server.

import { parse, scan, hasSqlDetails } from 'libpg-query';
import { refuse, type Refusal } from './messages.ts';

export interface ParsedStatement {
  /** The node type of the statement, e.g. 'SelectStmt', 'InsertStmt'. */
  type: string;
  body: Record<string, unknown>;
}

export type ParseOutcome = { ok: true; statements: ParsedStatement[] } | { ok: false; refusal: Refusal };

/** Parse SQL text into its top-level statements, or a refusal saying why it does not parse. */
export async function parseStatements(sql: string): Promise<ParseOutcome> {
  let tree: Awaited<ReturnType<typeof parse>>;
  try {
    tree = await parse(sql);
  } catch (error) {
    return { ok: false, refusal: parseFailure(error, sql) };
  }
  const statements: ParsedStatement[] = [];
  for (const raw of tree.stmts ?? []) {
    const stmt = raw.stmt as Record<string, unknown> | undefined;
    const type = stmt ? Object.keys(stmt)[0] : undefined;
    const body = type ? stmt?.[type] : undefined;
    // A statement node the guard cannot read is not skipped: it is refused as unparseable.
    if (!type || typeof body !== 'object' || body === null) {
      return { ok: false, refusal: refuse.parseError('the parser returned a statement threadsql cannot read') };
    }
    statements.push({ type, body: body as Record<string, unknown> });
  }
  const ambiguous = await findSettingDependentString(sql);
  if (ambiguous) return { ok: false, refusal: ambiguous };
  return { ok: true, statements };
}

/**
 * The parser reads '…' strings with standard_conforming_strings on (PostgreSQL's default).
 * A server or role with it off reads a backslash before a quote as an escape, so
 * `'x\', $$' ; DROP TABLE film; -- $$` is one SELECT here and two statements there. Such strings
 * are refused; E'…' and dollar quotes mean the same under both settings.
 */
async function findSettingDependentString(sql: string): Promise<Refusal | undefined> {
  if (!sql.includes("\\'")) return undefined; // cheap pre-check: no backslash before a quote anywhere
  const { tokens } = await scan(sql);
  const risky = tokens.some((t) => t.text.startsWith("'") && t.text.includes("\\'"));
  return risky ? refuse.settingDependentString() : undefined;
}

function parseFailure(error: unknown, sql: string): Refusal {
  // Very deep nesting exhausts the parser's stack or the JSON reader's; say so plainly.
  if (error instanceof RangeError) return refuse.tooComplex();
  if (hasSqlDetails(error) && error.sqlDetails) {
    const { message, cursorPosition } = error.sqlDetails;
    if (/memory exhausted|stack depth/i.test(message)) return refuse.tooComplex();
    const { line, column } = lineAndColumn(sql, cursorPosition);
    return refuse.parseError(shortenNearText(message), line, column);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/memory exhausted|stack depth|call stack/i.test(message)) return refuse.tooComplex();
  return refuse.parseError(message.replace(/\.$/, ''));
}

/** `at or near "<rest of an unterminated string>"` can quote most of the query: keep it short. */
function shortenNearText(message: string): string {
  return message.replace(/(at or near ")([^]*)(")$/, (_all, open: string, near: string, close: string) =>
    near.length > 40 ? `${open}${near.slice(0, 40)}…${close}` : `${open}${near}${close}`,
  );
}

/** 1-based line and column of a 0-based character offset (libpg-query's cursorPosition). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { line, column };
}
