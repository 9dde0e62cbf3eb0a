// The one function that reads raw `pg` / PostgreSQL errors and maps them to ours. Nothing else
// inspects driver errors. Messages carry the database's own words (never credentials or the URL).
import {
  QueryTimeoutError,
  ThreadsqlError,
  WarehouseDownError,
  WarehouseQueryError,
} from '../../lib/errors.ts';
import { redact } from '../../lib/redact.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  errno?: number;
  syscall?: string;
}

// Node socket errors and PostgreSQL classes that mean "we cannot talk to the warehouse".
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);
const DOWN_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '28000', // invalid_authorization_specification
  '28P01', // invalid_password
  '3D000', // invalid_catalog_name (database does not exist)
  '53300', // too_many_connections
]);

export interface MapContext {
  timeoutMs: number;
  /** Our own deadline fired, or the server's statement_timeout did. */
  timedOut: boolean;
  /** The caller aborted (Ctrl-C, shutdown). */
  aborted: boolean;
}

export function mapPgError(error: unknown, context: MapContext): ThreadsqlError {
  if (error instanceof ThreadsqlError) return error;
  const e = (error ?? {}) as PgLikeError;
  const code = e.code;
  const message = redact(String(e.message ?? error));

  if (context.aborted) {
    return new ThreadsqlError('query_cancelled', 'The query was cancelled before it finished.', { cause: error });
  }
  if (code === '57014' || context.timedOut) return new QueryTimeoutError(context.timeoutMs, { cause: error });
  if ((code && NETWORK_CODES.has(code)) || (code && DOWN_SQLSTATES.has(code)) || code?.startsWith('08')) {
    return new WarehouseDownError({ cause: error, detail: code });
  }
  if (/Connection terminated|connection timeout|timeout expired|Client has encountered a connection error/i.test(message)) {
    return new WarehouseDownError({ cause: error, detail: 'connection lost' });
  }
  if (code === '25006') {
    return new WarehouseQueryError(
      'The warehouse refused the statement because threadsql only reads data (read-only transaction).',
      code,
      { cause: error },
    );
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    return new WarehouseQueryError(`The database could not run the query: ${message}.`.replace(/\.\.$/, '.'), code, {
      cause: error,
    });
  }
  return new WarehouseDownError({ cause: error, detail: 'unexpected driver error' });
}
