// The PostgreSQL warehouse connector and the second wall. Every user statement runs:
//   BEGIN READ ONLY + SET LOCAL statement_timeout / lock_timeout / idle_in_transaction_session_timeout
//   → the statement through the EXTENDED protocol (pg-cursor: Parse/Bind/Execute), so a string like
//     "COMMIT; DELETE …" is refused by the server instead of escaping the transaction
//   → rows fetched in batches through the portal (never the whole result in memory)
//   → ROLLBACK, then DISCARD ALL so nothing (SET, PREPARE, LISTEN, WITH HOLD cursors, advisory
//     locks) outlives the query on a pooled connection.
// What this wall does NOT stop (the guard does): LOCK TABLE, COPY … TO PROGRAM, file and large-object
// functions, advisory locks, dblink_exec, sleeps shorter than the timeout.
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Logger } from '../../lib/logger.ts';
import { ThreadsqlError, WarehouseDownError } from '../../lib/errors.ts';
import { BUILTIN_TYPE_NAMES, toCell } from '../cells.ts';
import type { CatalogRows, Cell, ColumnMeta, RoleReport, RowConsumer, StreamOptions, StreamSummary, Warehouse } from '../types.ts';
import { sendCancelRequest } from './cancel-request.ts';
import { mapPgError } from './pg-errors.ts';

export interface PgWarehouseOptions {
  url: string;
  logger: Logger;
  /** Connections in the pool; bounds concurrent queries per replica. */
  poolSize?: number;
  connectTimeoutMs?: number;
}

// Every value comes back as the server's text so cells.ts decides the JS type (exact numerics, ISO dates).
const RAW_TEXT_TYPES = { getTypeParser: () => (value: string) => value };

// Extra time past the statement timeout before we cancel from the client side too (lost packets,
// a server that ignores the timeout while blocked on I/O).
const CLIENT_DEADLINE_GRACE_MS = 1000;

export function createPgWarehouse(options: PgWarehouseOptions): Warehouse {
  const log = options.logger.child({ module: 'warehouse.pg' });
  const url = new URL(options.url);
  const description = `PostgreSQL ${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname}`;
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: 'threadsql',
    max: options.poolSize ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    // ISO dates regardless of the server's DateStyle; plain interval text; standard_conforming_strings on
    // because the guard reads backslashes the standard way (a role setting must not change that).
    options: '-c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=1 -c standard_conforming_strings=on',
  });
  // An idle client losing its connection emits here; without a listener Node would crash.
  pool.on('error', (err) => log.warn({ err }, 'idle warehouse connection failed'));

  const typeNames = new Map<number, string>(Object.entries(BUILTIN_TYPE_NAMES).map(([k, v]) => [Number(k), v]));

  async function resolveTypeNames(oids: number[]): Promise<void> {
    const missing = [...new Set(oids)].filter((o) => !typeNames.has(o));
    if (missing.length === 0) return;
    // Enums and domains: a domain reads like its base type, an enum like text.
    const res = await pool.query<{ oid: number; name: string }>(
      `SELECT t.oid::int AS oid,
              CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END AS name
         FROM pg_type t LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
        WHERE t.oid = ANY($1::oid[])`,
      [missing],
    );
    for (const row of res.rows) typeNames.set(Number(row.oid), row.name);
    for (const o of missing) if (!typeNames.has(o)) typeNames.set(o, 'unknown');
  }

  async function connect(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (err) {
      throw new WarehouseDownError({ cause: err, detail: (err as { code?: string }).code ?? 'connect failed' });
    }
  }

  return {
    kind: 'postgres',
    dialect: 'postgres',
    description,

    async ping() {
      try {
        await pool.query('SELECT 1');
      } catch (err) {
        throw mapPgError(err, { timeoutMs: 0, timedOut: false, aborted: false });
      }
    },

    async catalogQuery(sql: string, params: unknown[] = []): Promise<CatalogRows> {
      try {
        const res = await pool.query(sql, params);
        return res.rows as CatalogRows;
      } catch (err) {
        throw mapPgError(err, { timeoutMs: 0, timedOut: false, aborted: false });
      }
    },

    async stream(sql: string, opts: StreamOptions, consumer: RowConsumer): Promise<StreamSummary> {
      if (opts.signal?.aborted) throw cancelled();
      const started = performance.now();
      const client = await connect();
      const state = { timedOut: false, aborted: false };
      let clean = false;
      let cursor: Cursor | undefined;
      const target = (client as unknown as { processID: number; secretKey: number; host: string; port: number });
      const cancelOnServer = () =>
        sendCancelRequest({ host: target.host, port: target.port, processID: target.processID, secretKey: target.secretKey });
      const deadline = setTimeout(() => {
        state.timedOut = true;
        void cancelOnServer();
      }, opts.timeoutMs + CLIENT_DEADLINE_GRACE_MS);
      const onAbort = () => {
        state.aborted = true;
        void cancelOnServer();
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      try {
        // An abort that came while we waited for a connection fired before the listener existed.
        if (opts.signal?.aborted) throw cancelled();
        const ms = Math.max(1, Math.floor(opts.timeoutMs));
        // Our own fixed text (numbers only), sent as one simple-protocol round trip.
        await client.query(
          `BEGIN READ ONLY; SET LOCAL statement_timeout = ${ms}; SET LOCAL lock_timeout = ${ms}; ` +
            `SET LOCAL idle_in_transaction_session_timeout = ${ms + 5000}`,
        );
        cursor = client.query(new Cursor(sql, [], { rowMode: 'array', types: RAW_TEXT_TYPES }));
        let rowCount = 0;
        let capped = false;
        let columns: ColumnMeta[] | undefined;
        let typesForColumns: string[] = [];
        for (;;) {
          const want = Math.min(opts.batchSize, opts.maxRows - rowCount + 1);
          const batch = (await cursor.read(want)) as (string | null)[][];
          if (!columns) {
            const fields = (cursor as unknown as { _result: { fields: Array<{ name: string; dataTypeID: number }> } })._result.fields;
            await resolveTypeNames(fields.map((f) => f.dataTypeID));
            typesForColumns = fields.map((f) => typeNames.get(f.dataTypeID) ?? 'unknown');
            columns = fields.map((f, i) => ({ name: f.name, type: typesForColumns[i]! }));
            await consumer.columns(columns);
          }
          if (batch.length === 0) break;
          let rows = batch;
          if (rowCount + rows.length > opts.maxRows) {
            rows = rows.slice(0, opts.maxRows - rowCount);
            capped = true;
          }
          if (rows.length > 0) {
            const cells: Cell[][] = rows.map((r) => r.map((v, i) => toCell(typesForColumns[i]!, v)));
            rowCount += cells.length;
            await consumer.rows(cells);
          }
          if (capped || batch.length < want) break;
          if (opts.signal?.aborted) throw cancelled();
        }
        await cursor.close();
        cursor = undefined;
        await client.query('ROLLBACK');
        await client.query('DISCARD ALL');
        clean = true;
        return { rowCount, capped, durationMs: performance.now() - started };
      } catch (err) {
        throw mapPgError(err, { timeoutMs: opts.timeoutMs, timedOut: state.timedOut, aborted: state.aborted });
      } finally {
        clearTimeout(deadline);
        opts.signal?.removeEventListener('abort', onAbort);
        if (!clean) {
          // After an error the connection may be mid-protocol or inside a failed transaction: never
          // return it to the pool; a fresh one is cheap.
          client.release(true);
        } else {
          client.release();
        }
      }
    },

    async roleReport(): Promise<RoleReport> {
      const rows = await this.catalogQuery(
        `SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreaterole AS createrole,
                r.rolcreatedb AS createdb, r.rolbypassrls AS bypassrls, r.rolreplication AS replication,
                pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') AS read_files,
                pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') AS write_files,
                pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') AS exec_program,
                current_setting('server_version') AS version
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      const r = rows[0] ?? {};
      const dangerous: string[] = [];
      if (r.superuser) dangerous.push('superuser');
      if (r.read_files) dangerous.push('pg_read_server_files');
      if (r.write_files) dangerous.push('pg_write_server_files');
      if (r.exec_program) dangerous.push('pg_execute_server_program');
      if (r.createrole) dangerous.push('createrole');
      if (r.createdb) dangerous.push('createdb');
      if (r.bypassrls) dangerous.push('bypassrls');
      if (r.replication) dangerous.push('replication');
      return { role: String(r.role), superuser: Boolean(r.superuser), dangerous, serverVersion: String(r.version) };
    },

    async close() {
      if (pool.ended || pool.ending) return; // closing twice (shutdown after a failure) is fine
      await pool.end();
    },
  };
}

function cancelled(): ThreadsqlError {
  return new ThreadsqlError('query_cancelled', 'The query was cancelled before it finished.');
}
