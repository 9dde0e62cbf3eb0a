// The warehouse connector interface: the one place a pg, demo (PGlite), or later MySQL/SQLite
// warehouse plugs in. Connectors only move rows; the guard decides what may run.

/** A cell as it leaves the warehouse: types survive (numerics and int8 as exact strings, dates as ISO, JSON as JSON). */
export type Cell = string | number | boolean | null | CellJson;
export type CellJson = { [key: string]: unknown } | unknown[];

/** A result column: its name and the database's type name (e.g. `int4`, `numeric`, `timestamptz`). */
export interface ColumnMeta {
  name: string;
  type: string;
}

/** Receives the result as it streams; batches are never the whole result. */
export interface RowConsumer {
  columns(columns: ColumnMeta[]): void | Promise<void>;
  rows(batch: Cell[][]): void | Promise<void>;
}

export interface StreamOptions {
  /** Statement timeout; the query is cancelled on the server when it passes. */
  timeoutMs: number;
  /** Hard cap on rows read; reading stops there and `capped` is set. */
  maxRows: number;
  /** Rows fetched per round trip through the cursor. */
  batchSize: number;
  /** Abort (Ctrl-C, shutdown): the query is cancelled on the server and the call throws `query_cancelled`. */
  signal?: AbortSignal;
}

export interface StreamSummary {
  rowCount: number;
  capped: boolean;
  durationMs: number;
}

/** What the warehouse role may do beyond reading; a loud warning at start when any is true. */
export interface RoleReport {
  role: string;
  superuser: boolean;
  /** Names of dangerous privileges held: pg_read_server_files, pg_write_server_files, pg_execute_server_program, createrole, … */
  dangerous: string[];
  serverVersion: string;
}

/** Rows of a catalog query (ours, fixed text, never user SQL); used by introspection. */
export type CatalogRows = Record<string, unknown>[];

export interface Warehouse {
  readonly kind: 'postgres' | 'demo';
  readonly dialect: 'postgres';
  /** A short description safe to show (host/db, never credentials). */
  readonly description: string;
  /** Throws WarehouseDownError when unreachable. */
  ping(): Promise<void>;
  /** Run one of our own fixed catalog queries (introspection). Never called with user SQL. */
  catalogQuery(sql: string, params?: unknown[]): Promise<CatalogRows>;
  /**
   * The second wall: run one guarded statement in a READ ONLY transaction with a statement timeout,
   * through the extended protocol, streaming rows to `consumer` in batches, then roll back and leave
   * the connection clean. Throws QueryTimeoutError, WarehouseQueryError, WarehouseDownError, or
   * ThreadsqlError('query_cancelled').
   */
  stream(sql: string, options: StreamOptions, consumer: RowConsumer): Promise<StreamSummary>;
  /** Who we connect as and what that role could do beyond reading. */
  roleReport(): Promise<RoleReport>;
  close(): Promise<void>;
}
