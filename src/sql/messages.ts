// The one-sentence reasons the guard gives, and the rule ids that go with them. Sentences are
// for a chat user (and for the model repairing its SQL): plain words, no stack traces.

import type { StatementRule } from './forbidden.ts';

/** Every rule id the guard can return, for the audit log and tests. */
export type GuardRule =
  | 'empty'
  | 'too_long'
  | 'too_complex'
  | 'parse_error'
  | 'multiple_statements'
  | 'ambiguous_string'
  | StatementRule
  | 'data_modifying_cte'
  | 'select_into'
  | 'locking_clause'
  | 'unsupported_syntax'
  | 'parameter_placeholder'
  | 'function_not_allowed'
  | 'operator_not_allowed'
  | 'type_not_allowed'
  | 'unknown_relation'
  | 'ambiguous_relation';

export interface Refusal {
  rule: GuardRule;
  reason: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** An identifier as the user would write it: bare when it can be, double-quoted otherwise. */
export function showIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function showQualified(parts: readonly string[]): string {
  return parts.map(showIdent).join('.');
}

export const refuse = {
  empty: (): Refusal => ({ rule: 'empty', reason: 'The query is empty: there is no SQL statement in it.' }),
  tooLong: (length: number, max: number): Refusal => ({
    rule: 'too_long',
    reason: `The query is ${fmt(length)} characters long, more than the ${fmt(max)} threadsql accepts.`,
  }),
  tooComplex: (): Refusal => ({
    rule: 'too_complex',
    reason: 'The query is nested too deeply for threadsql to check it safely, so please simplify it.',
  }),
  parseError: (message: string, line?: number, column?: number): Refusal => ({
    rule: 'parse_error',
    reason:
      line === undefined
        ? `The query is not valid SQL: ${message}.`
        : `The query is not valid SQL: ${message} (line ${line}, column ${column}).`,
  }),
  nulCharacter: (): Refusal => ({
    rule: 'parse_error',
    reason: 'The query contains a NUL character, which is not allowed in SQL text.',
  }),
  settingDependentString: (): Refusal => ({
    rule: 'ambiguous_string',
    reason:
      "A string in the query has a backslash before a quote, which PostgreSQL reads differently depending on the standard_conforming_strings setting, so write it as E'…' or with dollar quotes instead.",
  }),
  multipleStatements: (count: number): Refusal => ({
    rule: 'multiple_statements',
    reason: `The text holds ${count} SQL statements, but threadsql runs exactly one at a time.`,
  }),
  statement: (rule: StatementRule, label: string): Refusal => ({ rule, reason: statementReason(rule, label) }),
  dataModifyingCte: (label: string): Refusal => ({
    rule: 'data_modifying_cte',
    reason: `threadsql only reads data, so it will not run a WITH clause that contains ${label}, which changes data.`,
  }),
  selectInto: (): Refusal => ({
    rule: 'select_into',
    reason: 'threadsql will not run SELECT … INTO, which creates a new table; remove the INTO clause.',
  }),
  lockingClause: (label: string): Refusal => ({
    rule: 'locking_clause',
    reason: `threadsql will not run ${label}, which locks rows; remove the locking clause.`,
  }),
  unsupportedSyntax: (label: string): Refusal => ({
    rule: 'unsupported_syntax',
    reason: `threadsql does not allow ${label} in queries, so it refused this one to be safe.`,
  }),
  parameter: (n: number): Refusal => ({
    rule: 'parameter_placeholder',
    reason: `The query uses the parameter $${n}, but threadsql runs queries without parameters, so put the value in the query instead.`,
  }),
  function: (parts: readonly string[], deniedReason?: string): Refusal => {
    const name = showQualified(parts);
    const schema = parts.length > 1 ? parts.slice(0, -1) : [];
    let reason: string;
    if (deniedReason) reason = `The function ${name} is not allowed because ${deniedReason}.`;
    else if (schema.length > 0 && !(schema.length === 1 && schema[0] === 'pg_catalog')) {
      reason = `The function ${name} is not allowed: threadsql only calls vetted built-in functions, not functions from schema ${showQualified(schema)}.`;
    } else reason = `The function ${name} is not on threadsql's list of vetted read-only functions, so it cannot be called.`;
    return { rule: 'function_not_allowed', reason };
  },
  attributeCall: (expression: string, fn: string, deniedReason: string): Refusal => ({
    rule: 'function_not_allowed',
    reason: `The expression ${expression} would call the function ${showIdent(fn)}, which is not allowed because ${deniedReason}.`,
  }),
  tablesample: (method: string): Refusal => ({
    rule: 'function_not_allowed',
    reason: `The TABLESAMPLE method ${method} is not allowed; use BERNOULLI or SYSTEM.`,
  }),
  operator: (parts: readonly string[]): Refusal => ({
    rule: 'operator_not_allowed',
    reason: `The operator ${parts.length > 1 ? `OPERATOR(${parts.join('.')})` : parts.join('.')} is not one of PostgreSQL's built-in operators, so threadsql will not run it.`,
  }),
  catalogLookupType: (type: string): Refusal => ({
    rule: 'type_not_allowed',
    reason: `Casting to ${type} looks objects up in the system catalogs, which threadsql does not allow.`,
  }),
  unknownType: (parts: readonly string[]): Refusal => ({
    rule: 'type_not_allowed',
    reason: `The type ${showQualified(parts)} is not in a schema threadsql knows.`,
  }),
  unknownRelation: (parts: readonly string[]): Refusal => ({
    rule: 'unknown_relation',
    reason: `${showQualified(parts)} is not a table in the warehouse schema threadsql knows.`,
  }),
  ambiguousRelation: (schema: string, name: string): Refusal => ({
    rule: 'ambiguous_relation',
    reason: `${showIdent(name)} is also the name of a PostgreSQL system catalog, so write it with its schema, as ${showQualified([schema, name])}.`,
  }),
};

function statementReason(rule: StatementRule, label: string): string {
  switch (rule) {
    case 'write_statement':
      return `threadsql only reads data, so it will not run this ${label} statement, which changes data.`;
    case 'ddl_statement':
      return `threadsql only reads data, so it will not run this ${label} statement, which changes the database's structure.`;
    case 'privilege_statement':
      return `threadsql only reads data, so it will not run this ${label} statement, which changes roles or privileges.`;
    case 'explain':
      return 'threadsql will not run EXPLAIN (EXPLAIN ANALYZE executes the statement inside it), so send the query itself instead.';
    case 'copy':
      return 'threadsql will not run COPY, which reads or writes files and programs on the database server.';
    case 'session_setting':
      return `threadsql will not run this ${label} statement, which reads or changes database settings or the current role.`;
    case 'transaction_control':
      return `threadsql runs every query in its own read-only transaction, so it will not run this ${label} statement.`;
    case 'lock':
      return 'threadsql will not run LOCK, which would block other users of the warehouse.';
    case 'procedure_call':
      return `threadsql will not run ${label}, which executes code on the database server.`;
    case 'notification':
      return `threadsql will not run ${label}, which talks to other database sessions.`;
    case 'prepared_statement':
    case 'cursor':
      return `threadsql will not run ${label}, so send the query itself as one SELECT statement.`;
    case 'maintenance':
      return `threadsql will not run ${label}, which is database maintenance work.`;
    case 'not_select':
      return `threadsql only runs read-only SELECT queries, not ${label} statements.`;
  }
}
