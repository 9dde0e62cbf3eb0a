// The bundled demo warehouse: a retail company's data (see dataset/), generated deterministically
// on first start, kept under <dataDir>/demo-warehouse/, and queried with real PostgreSQL semantics
// through PGlite in a worker thread. Used when no DATABASE_URL is set. Never imports user config.
//
// Limits worth knowing: one query runs at a time (later calls wait their turn); a timeout or abort
// terminates the worker and the next call waits ~1 s for a fresh one to load the data.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { WarehouseDownError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { toCell } from '../cells.ts';
import type { CatalogRows, Cell, ColumnMeta, RoleReport, RowConsumer, StreamOptions, StreamSummary, Warehouse } from '../types.ts';
import { buildSteps, DEMO_GENERATOR_VERSION, DEMO_INITDB_ARGS, DEMO_POSTGRES_CONF, DEMO_SEED, generateDemoDataset } from './dataset/generate.ts';
import { ensureDemoFiles, installedPgliteVersion, TARBALL_NAME, type DemoBuilder, type DemoFiles } from './demo-data-dir.ts';
import { toThreadsqlError } from './pglite-errors.ts';
import { buildInWorker, createPgliteWorkerClient, type JobOutcome, type WorkerField } from './worker-client.ts';

export interface DemoWarehouseOptions {
  dataDir: string;
  logger: Logger;
  /** Timeout for catalog queries (introspection); stream() takes its own per call. Default 30 s. */
  statementTimeoutMs?: number;
  clock?: Clock;
}

/** The demo warehouse plus what tests and `threadsql doctor` like to know about it. */
export interface DemoWarehouse extends Warehouse {
  readonly kind: 'demo';
  readonly files: DemoFiles;
  /** Workers started so far: 1, plus one per timeout, cancel or crash. */
  readonly workerStarts: number;
}

const PING_TIMEOUT_MS = 5_000;
/** Second `dangerous` entry of the demo's role report: why the embedded superuser is harmless. */
export const DEMO_ROLE_NOTE =
  'embedded demo warehouse: every query runs read-only on a throw-away in-memory copy, sandboxed from the host';
const BUILD_TIMEOUT_MS = 10 * 60_000;

/** Open the demo warehouse, generating it under `<dataDir>/demo-warehouse/` on first use (~10 s). */
export async function createDemoWarehouse(options: DemoWarehouseOptions): Promise<DemoWarehouse> {
  const log = options.logger.child({ module: 'demo-warehouse' });
  const clock = options.clock ?? systemClock;
  const catalogTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const started = clock.monotonicMs();

  const files = await ensureDemoFiles({
    dataDir: options.dataDir,
    version: { generatorVersion: DEMO_GENERATOR_VERSION, seed: DEMO_SEED, pglite: installedPgliteVersion() },
    build: demoBuilder(log, clock),
    logger: log,
    clock,
  });
  const client = createPgliteWorkerClient({ tarballPath: files.tarballPath, logger: log });
  const info = await client.ready().catch(async (error: unknown) => {
    await client.close();
    throw error;
  });
  log.info(
    { generated: files.generated, startMs: Math.round(clock.monotonicMs() - started), loadMs: info.loadMs },
    'demo warehouse ready',
  );

  async function catalogQuery(sql: string, params: unknown[] = [], timeoutMs = catalogTimeoutMs): Promise<CatalogRows> {
    return client.run(
      { type: 'query', sql, params: params.map(toParamText) },
      (reply): JobOutcome<CatalogRows> | undefined => {
        if (reply.type === 'error') return { ok: false, error: toThreadsqlError(reply.error) };
        if (reply.type !== 'result') return undefined;
        const rows = reply.rows.map((row) => {
          const record: Record<string, unknown> = {};
          reply.fields.forEach((f, i) => (record[f.name] = toCell(f.typeName, row[i] ?? null)));
          return record;
        });
        return { ok: true, value: rows };
      },
      { timeoutMs },
    );
  }

  async function stream(sql: string, options: StreamOptions, consumer: RowConsumer): Promise<StreamSummary> {
    const startedAt = clock.monotonicMs();
    const batchSize = Math.max(1, Math.floor(options.batchSize));
    const maxRows = Math.max(0, Math.floor(options.maxRows));
    let fields: WorkerField[] = [];
    // A consumer that throws stops the read; its error is what the caller sees, after the worker
    // has closed the cursor and rolled back.
    let consumerError: { error: unknown } | undefined;
    const result = await client.run(
      { type: 'stream', sql, batchSize, maxRows },
      async (reply, send): Promise<JobOutcome<{ rowCount: number; capped: boolean }> | undefined> => {
        switch (reply.type) {
          case 'columns':
            fields = reply.fields;
            try {
              await consumer.columns(fields.map((f): ColumnMeta => ({ name: f.name, type: f.typeName })));
            } catch (error) {
              consumerError = { error };
            }
            return undefined;
          case 'rows':
            if (consumerError) {
              send({ type: 'stop' });
              return undefined;
            }
            try {
              await consumer.rows(reply.rows.map((row) => row.map((text, i): Cell => toCell(fields[i]?.typeName ?? 'text', text))));
              send({ type: 'more' });
            } catch (error) {
              consumerError = { error };
              send({ type: 'stop' });
            }
            return undefined;
          case 'done':
            if (consumerError) return { ok: false, error: consumerError.error };
            return { ok: true, value: { rowCount: reply.rowCount, capped: reply.capped } };
          case 'error':
            return { ok: false, error: toThreadsqlError(reply.error) };
          default:
            return undefined;
        }
      },
      { timeoutMs: options.timeoutMs, signal: options.signal },
    );
    const durationMs = Math.round(clock.monotonicMs() - startedAt);
    log.debug({ rowCount: result.rowCount, capped: result.capped, durationMs }, 'demo query finished');
    return { ...result, durationMs };
  }

  return {
    kind: 'demo',
    dialect: 'postgres',
    description: 'demo warehouse (PGlite, embedded)',
    files,
    get workerStarts() {
      return client.starts;
    },
    async ping() {
      try {
        await catalogQuery('SELECT 1 AS ok', [], PING_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof WarehouseDownError) throw error;
        throw new WarehouseDownError({ cause: error, detail: 'the demo warehouse did not answer a ping' });
      }
    },
    catalogQuery: (sql, params) => catalogQuery(sql, params),
    stream,
    async roleReport(): Promise<RoleReport> {
      const ready = await client.ready();
      return {
        role: ready.role,
        superuser: ready.superuser,
        // PGlite has exactly one role and it is a superuser. Reported honestly ('superuser', as the
        // pg connector does), plus a second entry saying why it is harmless here: every query runs
        // inside READ ONLY on a private in-memory copy that is thrown away, in a WASM sandbox with no
        // host file system or programs behind it.
        dangerous: ready.superuser ? ['superuser', DEMO_ROLE_NOTE] : [],
        serverVersion: ready.serverVersion,
      };
    },
    close: () => client.close(),
  };
}

/** Generate the dataset, load it in a build worker, dump the data directory into `dir`. */
function demoBuilder(log: Logger, clock: Clock): DemoBuilder {
  return async (dir) => {
    const generateStarted = clock.monotonicMs();
    const dataset = generateDemoDataset(DEMO_SEED);
    const tables: Record<string, { rows: number; sha256: string }> = {};
    for (const t of dataset.tables) tables[t.name] = { rows: t.rowCount, sha256: createHash('sha256').update(t.text).digest('hex') };
    const generateMs = Math.round(clock.monotonicMs() - generateStarted);
    const built = await buildInWorker(
      { steps: buildSteps(dataset), outPath: path.join(dir, TARBALL_NAME), postgresqlconf: DEMO_POSTGRES_CONF, initdbArgs: DEMO_INITDB_ARGS },
      { logger: log, timeoutMs: BUILD_TIMEOUT_MS },
    );
    const timings: [string, number][] = [['generate rows', generateMs], ...built.timings];
    log.info({ timings: Object.fromEntries(timings) }, 'demo warehouse build timings');
    return { tables, timings };
  };
}

/** Catalog query parameters as PostgreSQL text (the server infers their types). */
export function toParamText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return JSON.stringify(value);
}

function arrayElement(value: unknown): string {
  if (Array.isArray(value)) return toParamText(value) as string;
  const text = toParamText(value);
  if (text === null) return 'NULL';
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
