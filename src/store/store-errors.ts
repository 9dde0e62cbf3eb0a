// The one place that reads libSQL / SQLite / drizzle errors and turns them into ThreadsqlError.
// drizzle wraps driver errors in DrizzleQueryError, whose message carries the SQL *and its
// parameters* (questions, hashes): it is unwrapped here and never becomes a cause or a log line.
import { DrizzleQueryError } from 'drizzle-orm';
import { ThreadsqlError } from '../lib/errors.ts';
import { redact } from '../lib/redact.ts';

/** What the mapping may name in an operator-facing message (start-up); never in a userMessage at run time. */
export interface StoreErrorContext {
  filePath?: string | undefined;
}

/** The driver error inside whatever drizzle wrapped around it. */
export function driverErrorOf(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof DrizzleQueryError && current.cause !== undefined) {
      current = current.cause;
      continue;
    }
    return current;
  }
  return current;
}

/** SQLite's base result code name (`SQLITE_BUSY`, …) or libSQL's client code, when there is one. */
export function storeErrorCode(error: unknown): string | undefined {
  const code = (driverErrorOf(error) as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Map any error thrown by a store call. ThreadsqlErrors pass through unchanged. */
export function toStoreError(error: unknown, context: StoreErrorContext = {}): ThreadsqlError {
  if (error instanceof ThreadsqlError) return error;
  const cause = driverErrorOf(error);
  const code = storeErrorCode(cause);
  const detail = firstLine(cause);
  const file = context.filePath;
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new ThreadsqlError(
        'store_corrupt',
        file
          ? `The store file ${file} is not a readable threadsql database (${detail}); move it aside or restore a backup, then start again.`
          : 'The threadsql store is damaged; an administrator needs to restore it.',
        { cause, message: file ? undefined : `store corrupt: ${detail}` },
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new ThreadsqlError(
        'data_dir_unwritable',
        file
          ? `The store file ${file} cannot be opened for writing (${detail}); check the permissions of THREADSQL_DATA_DIR.`
          : 'The threadsql store cannot be written right now; an administrator needs to check it.',
        { cause, message: file ? undefined : `store not writable: ${detail}` },
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new ThreadsqlError('store_unavailable', 'The threadsql store is busy right now; please try again in a moment.', {
        cause,
        message: `store busy: ${detail}`,
      });
    case 'SQLITE_FULL':
    case 'SQLITE_IOERR':
    case 'SQLITE_NOMEM':
    case 'CLIENT_CLOSED':
    case 'HRANA_WEBSOCKET_ERROR':
    case 'HRANA_CLOSED_ERROR':
    case 'SERVER_ERROR':
    case 'HTTP_ERROR':
      return new ThreadsqlError('store_unavailable', 'The threadsql store is unavailable right now; please try again in a moment.', {
        cause,
        message: `store unavailable: ${detail}`,
      });
    default:
      if (code === undefined && isNetworkError(cause)) {
        return new ThreadsqlError('store_unavailable', 'The threadsql store cannot be reached right now; please try again in a moment.', {
          cause,
          message: `store unreachable: ${detail}`,
        });
      }
      // Constraint failures and SQL errors here are bugs in our own queries, not user mistakes.
      return new ThreadsqlError('internal', 'Something went wrong while saving this; please try again.', {
        cause,
        message: `store error: ${detail}`,
      });
  }
}

/**
 * Wrap every method of a repository so that what escapes is a ThreadsqlError: the one edge where
 * store failures are translated, so callers branch on `code` and never on driver details.
 */
export function withStoreErrors<T extends object>(repo: T, context: StoreErrorContext = {}): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repo)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => unknown).apply(repo, args);
            } catch (error) {
              throw toStoreError(error, context);
            }
          }
        : value;
  }
  return wrapped as T;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text.split('\n')[0]!).slice(0, 200);
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error.name === 'TypeError' && /fetch failed/i.test(error.message)
  ) || ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'].includes(String(code));
}
