// The libSQL client as the store uses it. Every write runs inside BEGIN IMMEDIATE … COMMIT, nothing
// holds a transaction across an await, and after SQLITE_BUSY the connection is replaced.
//
// Why (measured on this machine with @libsql/client 0.18 / libsql 0.5.29, and reported upstream as
// tursodatabase/libsql-client-ts#352): when a statement fails with SQLITE_BUSY, SQLite leaves it
// "in progress" so it can be stepped again, and the libsql binding neither resets nor finalizes it
// (that waits for the garbage collector). While it hangs there it still counts as an active writer,
// so every later autocommit INSERT on that connection "succeeds" but is never committed — it sits in
// a transaction that the connection's close rolls back. Two processes × 500 plain inserts without a
// busy timeout lost ~90% of the writes that reported success. Inside an explicit transaction the
// same state makes COMMIT fail loudly ("cannot commit transaction - SQL statements in progress") and
// the pool rolls back, so a write is either committed or reported as failed — never lost.
import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Transaction,
  TransactionMode,
} from '@libsql/client';
import type { Logger } from '../lib/logger.ts';

export interface GuardedClientOptions {
  /**
   * Local file: after SQLITE_BUSY close every connection (dropping the stuck statement) and open a
   * fresh one. Never for `:memory:` (a new connection is a new, empty database) or remote clients.
   */
  canReconnect: boolean;
  /** Per-connection pragmas to replay on every fresh connection (foreign_keys, synchronous). */
  connectionSetupSql: string | undefined;
  logger: Logger;
}

type BatchItem = InStatement | [string, InArgs?];

/** Statements that only read and need no transaction of their own. */
const READ_ONLY_SQL = /^\s*(select|explain|pragma)\b/i;

/** Wrap a libSQL client. drizzle and the repositories only ever see the wrapper. */
export function createGuardedClient(inner: Client, options: GuardedClientOptions): GuardedClient {
  return new GuardedClient(inner, options);
}

export class GuardedClient implements Client {
  readonly #inner: Client;
  readonly #options: GuardedClientOptions;
  #generation = 0;
  #closing = false;
  #setup: Promise<void> | undefined;

  constructor(inner: Client, options: GuardedClientOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  get protocol(): string {
    return this.#inner.protocol;
  }

  /** How many times the connection was replaced after SQLITE_BUSY (health and tests). */
  get reconnects(): number {
    return this.#generation;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt: InStatement = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    if (READ_ONLY_SQL.test(sqlOf(stmt))) return this.#run(() => this.#inner.execute(stmt));
    // A single write still gets its own BEGIN IMMEDIATE … COMMIT: see the header for why autocommit
    // writes are not safe on this driver.
    const [result] = await this.#run(() => this.#inner.batch([stmt], 'write'));
    return result!;
  }

  /** Any batch that writes runs as BEGIN IMMEDIATE: the lock is taken (or waited for) up front. */
  batch(stmts: BatchItem[], mode?: TransactionMode): Promise<ResultSet[]> {
    const writes = stmts.some((s) => !READ_ONLY_SQL.test(Array.isArray(s) ? s[0] : sqlOf(s)));
    const effective: TransactionMode = writes ? 'write' : (mode ?? 'deferred');
    return this.#run(() => this.#inner.batch(stmts, effective));
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#run(() => this.#inner.migrate(stmts));
  }

  /**
   * Refused. The local client keeps ONE connection (per-connection pragmas must hold), and an
   * interactive transaction would own it across awaits: every other query would fail with
   * TRANSACTION_ACTIVE, and a lock held across an await can deadlock a second in-process client.
   * Use `batch()` (drizzle: `db.batch([...])`), which runs start to COMMIT in one synchronous call.
   */
  transaction(): Promise<Transaction> {
    return Promise.reject(new Error('threadsql store: interactive transactions are not used; use batch()'));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#run(() => this.#inner.executeMultiple(sql));
  }

  sync(): Promise<Replicated> {
    return this.#inner.sync();
  }

  close(): void {
    this.#closing = true;
    this.#inner.close();
  }

  reconnect(): void {
    this.#replaceConnection(this.#generation);
  }

  /**
   * Run one client call. After SQLITE_BUSY the connection is replaced; the call is retried once
   * when it cannot have changed anything and the failure came from the stuck-statement state or
   * from our own reconnect, never for a genuine lock wait that outlasted busy_timeout.
   */
  async #run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.#setup) await this.#setup;
      const generation = this.#generation;
      try {
        return await call();
      } catch (error) {
        if (!this.#options.canReconnect || this.#closing) throw error;
        const kind = classify(error);
        if (kind === 'other') throw error;
        if (kind !== 'closed-by-reconnect') this.#replaceConnection(generation);
        // A call that failed busy, or whose connection our reconnect closed before it ran, did not
        // commit: a busy statement is never committed, and a pool-closed call never started.
        if (attempt >= 3 || kind === 'busy-timeout') throw error;
        this.#options.logger.debug({ kind, attempt }, 'store call retried on a fresh connection');
      }
    }
  }

  #replaceConnection(seenGeneration: number): void {
    if (seenGeneration !== this.#generation || this.#closing) return; // another failure already did it
    this.#generation++;
    this.#options.logger.warn({ reconnects: this.#generation }, 'store connection replaced after SQLITE_BUSY');
    // Both calls below start synchronously, in this order: reconnect() closes every pooled connection
    // (and with it the stuck statement); executeMultiple() then borrows the fresh connection before
    // any queued call can, so the pragmas are in place before anything else runs on it.
    void this.#inner.reconnect();
    const sql = this.#options.connectionSetupSql;
    if (!sql) return;
    const setup: Promise<void> = this.#inner
      .executeMultiple(sql)
      .catch((error: unknown) => {
        // The next call on the connection fails on its own and reports it; log this one for context.
        this.#options.logger.error({ err: error }, 'store connection setup failed after reconnect');
      })
      .finally(() => {
        if (this.#setup === setup) this.#setup = undefined;
      });
    this.#setup = setup;
  }
}

type Failure = 'busy-timeout' | 'busy-stuck' | 'closed-by-reconnect' | 'other';

function classify(error: unknown): Failure {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'SQLITE_BUSY') {
    // "cannot commit transaction - SQL statements in progress": the lock was free, a stuck statement
    // on this connection refused the COMMIT. Anything else busy is a real lock wait that timed out.
    return /statements in progress/i.test(message) ? 'busy-stuck' : 'busy-timeout';
  }
  if (code === 'CLIENT_CLOSED') return 'closed-by-reconnect';
  return 'other';
}

function sqlOf(stmt: InStatement): string {
  return typeof stmt === 'string' ? stmt : stmt.sql;
}
