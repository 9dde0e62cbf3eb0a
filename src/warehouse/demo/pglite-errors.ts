// The one place that reads the demo worker's raw errors and turns them into ours. A database error
// keeps PostgreSQL's own message (what the user and the SQL repair step need, e.g.
// 'column "foo" does not exist') and its SQLSTATE; anything else means the worker itself failed.
import { ThreadsqlError, WarehouseDownError, WarehouseQueryError } from '../../lib/errors.ts';
import type { WorkerErrorInfo } from './worker-client.ts';

export function toThreadsqlError(info: WorkerErrorInfo): ThreadsqlError {
  if (info.kind === 'database') {
    return new WarehouseQueryError(info.message, info.sqlstate, { cause: { ...info, condition: sqlstateMeaning(info.sqlstate) } });
  }
  return new WarehouseDownError({ cause: info, detail: `demo warehouse worker failed: ${info.message}` });
}

// SQLSTATE classes (PostgreSQL manual, appendix A), for logs and the audit trail.
const CLASSES: Readonly<Record<string, string>> = {
  '08': 'connection exception',
  '0A': 'feature not supported',
  '21': 'cardinality violation',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

const CONDITIONS: Readonly<Record<string, string>> = {
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22012': 'division_by_zero',
  '22P02': 'invalid_text_representation',
  '25006': 'read_only_sql_transaction',
  '42601': 'syntax_error',
  '42703': 'undefined_column',
  '42803': 'grouping_error',
  '42804': 'datatype_mismatch',
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '42702': 'ambiguous_column',
  '42501': 'insufficient_privilege',
  '57014': 'query_canceled',
};

/** "42703 undefined_column (syntax error or access rule violation)" for a SQLSTATE. */
export function sqlstateMeaning(sqlstate: string): string {
  const condition = CONDITIONS[sqlstate];
  const cls = CLASSES[sqlstate.slice(0, 2)] ?? 'other error';
  return condition ? `${sqlstate} ${condition} (${cls})` : `${sqlstate} (${cls})`;
}
