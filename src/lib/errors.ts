// One error type for the whole app. `userMessage` is a sentence safe to post in a thread;
// `cause` keeps the raw driver error (redacted before it is logged).

/** Closed set of error codes; the engine maps each to an attempt status in one table. */
export type ErrorCode =
  | 'config_invalid'
  | 'store_unavailable'
  | 'store_corrupt'
  | 'data_dir_unwritable'
  | 'sql_empty'
  | 'sql_too_long'
  | 'sql_rejected'
  | 'query_timeout'
  | 'query_cancelled'
  | 'warehouse_down'
  | 'warehouse_error'
  | 'not_found'
  | 'forbidden'
  | 'kb_invalid'
  | 'clarification_needed'
  | 'llm_not_configured'
  | 'llm_down'
  | 'llm_timeout'
  | 'llm_unusable_reply'
  | 'internal';

export class ThreadsqlError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;

  constructor(code: ErrorCode, userMessage: string, options: { cause?: unknown; message?: string } = {}) {
    super(options.message ?? userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = userMessage;
  }
}

/** The guard refused the statement; `rule` names the rule for the audit log. */
export class SqlRejectedError extends ThreadsqlError {
  readonly rule: string;
  constructor(userMessage: string, rule: string) {
    super('sql_rejected', userMessage);
    this.rule = rule;
  }
}

/** The statement ran past its timeout and was cancelled on the server. */
export class QueryTimeoutError extends ThreadsqlError {
  constructor(timeoutMs: number, options: { cause?: unknown } = {}) {
    super('query_timeout', `The query ran longer than ${formatSeconds(timeoutMs)} and was stopped.`, options);
  }
}

/** The warehouse cannot be reached at all (refused, DNS, auth, dropped connection). */
export class WarehouseDownError extends ThreadsqlError {
  constructor(options: { cause?: unknown; detail?: string } = {}) {
    super('warehouse_down', 'The warehouse cannot be reached right now; please try again in a moment.', {
      cause: options.cause,
      message: options.detail ? `warehouse unreachable: ${options.detail}` : 'warehouse unreachable',
    });
  }
}

/** The database refused or failed the statement; `sqlstate` is PostgreSQL's error code. */
export class WarehouseQueryError extends ThreadsqlError {
  readonly sqlstate: string | undefined;
  constructor(userMessage: string, sqlstate: string | undefined, options: { cause?: unknown } = {}) {
    super('warehouse_error', userMessage, options);
    this.sqlstate = sqlstate;
  }
}

/** The model endpoint failed (after retries), timed out, or answered with nothing usable. */
export class LlmDownError extends ThreadsqlError {
  constructor(code: 'llm_down' | 'llm_timeout' | 'llm_unusable_reply', userMessage: string, options: { cause?: unknown } = {}) {
    super(code, userMessage, options);
  }
}

export function isThreadsqlError(e: unknown): e is ThreadsqlError {
  return e instanceof ThreadsqlError;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
