// The SQL guard, the first of two safety walls (the second is the warehouse's READ ONLY
// transaction with a statement timeout): it admits exactly one read-only statement over known
// relations, calling only vetted functions. It never rewrites SQL and never touches a database.

import { ruleForStatement } from './forbidden.ts';
import { refuse, type Refusal } from './messages.ts';
import { parseStatements } from './parse.ts';
import { statementLabel } from './statement-labels.ts';
import { TooDeepError, walkSelect, type TreeFindings } from './walk.ts';

export type { GuardRule } from './messages.ts';

/** Which relations exist, from the schema snapshot (see catalog.ts). */
export interface RelationCatalog {
  /** Is schema.name a relation threadsql knows (from the snapshot)? Names are already case-folded as PostgreSQL would. */
  has(schema: string, name: string): boolean;
  /** Schemas that unqualified names resolve in, in order. */
  searchPath: readonly string[];
}

export type GuardVerdict =
  | { ok: true; sql: string; relations: string[] /* "schema.name", sorted, unique */; functions: string[] }
  | { ok: false; reason: string /* one sentence for the user */; rule: string /* short id, e.g. 'not_select', 'function_not_allowed' */ };

export interface GuardOptions {
  maxLength?: number;
}

/** Longest input the guard parses, in characters: beyond it the user gets a sentence, not a parser crash. */
export const DEFAULT_MAX_LENGTH = 50_000;

/** Admit one read-only statement over known relations, or say in one sentence why not. */
export async function guardSql(sql: string, catalog: RelationCatalog, options: GuardOptions = {}): Promise<GuardVerdict> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  // Size first: a 100 KB paste (or an injected wall of text) never reaches the parser.
  if (sql.length > maxLength) return refused(refuse.tooLong(sql.length, maxLength));
  if (sql.trim() === '') return refused(refuse.empty());
  // The parser reads C strings: text after a NUL would be invisible to it but not to the server.
  if (sql.includes('\u0000')) return refused(refuse.nulCharacter());

  const parsed = await parseStatements(sql);
  if (!parsed.ok) return refused(parsed.refusal);
  const { statements } = parsed;
  // Only comments and semicolons: nothing to run.
  if (statements.length === 0) return refused(refuse.empty());
  // Several statements: a benign SELECT first must not carry a DROP after it.
  if (statements.length > 1) return refused(refuse.multipleStatements(statements.length));

  const [statement] = statements;
  if (!statement) return refused(refuse.empty());
  // Only SELECT / WITH … SELECT / VALUES / TABLE / set operations parse to a SelectStmt.
  if (statement.type !== 'SelectStmt') {
    return refused(refuse.statement(ruleForStatement(statement.type), statementLabel(statement.type, statement.body)));
  }

  let findings: TreeFindings;
  try {
    findings = walkSelect(statement.body, catalog);
  } catch (error) {
    // Too deep to walk: refused, never admitted unchecked.
    if (error instanceof TooDeepError || error instanceof RangeError) return refused(refuse.tooComplex());
    throw error;
  }
  // Several problems: the most telling one (see PRIORITY in walk.ts), first in the text on a tie.
  const first = findings.refusals.reduce<TreeFindings['refusals'][number] | undefined>(
    (best, r) => (best === undefined || r.priority < best.priority ? r : best),
    undefined,
  );
  if (first) return refused(first);

  return {
    ok: true,
    sql: trimStatement(sql),
    relations: [...findings.relations].sort(),
    functions: [...findings.functions].sort(),
  };
}

function refused(r: Refusal): GuardVerdict {
  return { ok: false, reason: r.reason, rule: r.rule };
}

/** Surrounding whitespace and trailing semicolons off; everything else exactly as written. */
export function trimStatement(sql: string): string {
  let out = sql.trim();
  while (out.endsWith(';')) out = out.slice(0, -1).trimEnd();
  return out;
}
