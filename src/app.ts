// createApp(config): wires everything and listens on nothing. `start` adds the HTTP server; each CLI
// command uses the same wiring, so what the CLI does is exactly what the server does.
import type { Config } from './config/config.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import { isLoopbackHost } from './lib/loopback.ts';
import { createSchemaService, type SchemaService } from './engine/schema-service.ts';
import { createEngine, type Engine } from './engine/engine.ts';
import { webSignInSetting } from './engine/commands/web-sign-in-link.ts';
import { createKnowledgeBase, type KnowledgeBase } from './kb/kb-index.ts';
import { createEmbeddingsClient } from './nl2sql/embeddings-client.ts';
import { createOpenAiClient } from './nl2sql/llm-client.ts';
import { createMetrics, type Metrics } from './server/metrics.ts';
import type { RunStatementDeps } from './engine/run-statement.ts';
import { openStore } from './store/open-store.ts';
import type { InterruptedAttempt, Store } from './store/store.ts';

const INTERRUPTED_REASON = 'threadsql stopped before this attempt finished (crash or restart)';
import { createDemoWarehouse } from './warehouse/demo/demo-warehouse.ts';
import { createPgWarehouse } from './warehouse/pg/pg-warehouse.ts';
import type { RoleReport, Warehouse } from './warehouse/types.ts';

export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  warehouse: Warehouse;
  schema: SchemaService;
  /** Everything runStatement / fetchPage need. */
  statementDeps: RunStatementDeps;
  kb: KnowledgeBase;
  engine: Engine;
  metrics: Metrics;
  /** Result of the warehouse role check at start (undefined when the warehouse was down). */
  role: RoleReport | undefined;
  /** Attempts closed at start because a crash left them open. */
  orphansClosed: number;
  /** Those of them asked in a chat thread: adapters tell the askers (Slack posts in the thread). */
  interrupted: InterruptedAttempt[];
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  store: { ok: boolean; error?: string };
  warehouse: { ok: boolean; kind: Warehouse['kind']; description: string; error?: string; warnings: string[] };
  schema: { snapshotId: string; loadedAt: string; ageSeconds: number; tables: number; columns: number; source: string } | null;
}

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Skip introspection at start (commands that do not need the schema). */
  loadSchema?: boolean;
  /** Skip indexing the knowledge base at start (commands that do not need it). */
  loadKb?: boolean;
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const logger = options.logger;
  const clock = options.clock ?? systemClock;
  // The demo warehouse takes most of a start (loading its data into a worker): begin it first and
  // open the store meanwhile.
  const warehouseReady: Promise<Warehouse> = config.databaseUrl
    ? Promise.resolve(createPgWarehouse({ url: config.databaseUrl, logger }))
    : createDemoWarehouse({ dataDir: config.dataDir, logger, statementTimeoutMs: config.statementTimeoutMs });
  // Marks the promise handled so a failure during openStore is not an unhandled rejection; the real
  // error is read where it is awaited below.
  warehouseReady.catch(() => undefined);
  let store: Store;
  try {
    store = await openStore(config.store, { logger, clock });
  } catch (err) {
    await warehouseReady.then((w) => w.close()).catch(() => undefined); // the store error is the one to report
    throw err;
  }
  let warehouse: Warehouse | undefined;
  try {
    const bootAt = clock.now();
    const orphansClosed = await store.attempts.closeOrphans(INTERRUPTED_REASON);
    const interrupted = orphansClosed > 0 ? await store.attempts.interruptedSince(bootAt, INTERRUPTED_REASON) : [];
    await store.answerCache.pruneExpired(clock.now());
    await pruneHousekeeping(store, clock.now(), logger);
    if (orphansClosed > 0) logger.warn({ count: orphansClosed }, 'closed attempts left open by an earlier run');

    warehouse = await warehouseReady;
    const wh = warehouse;
    const schema = createSchemaService({ warehouse: wh, store, logger, clock, schemas: config.schemas });

    let role: RoleReport | undefined;
    try {
      await wh.ping();
      role = await wh.roleReport();
      if (role.dangerous.length > 0 && wh.kind === 'postgres') {
        logger.warn(
          { role: role.role, privileges: role.dangerous },
          `WAREHOUSE ROLE "${role.role}" CAN DO MORE THAN READ (${role.dangerous.join(', ')}): connect threadsql as a least-privilege read-only role (see README)`,
        );
      }
    } catch (err) {
      logger.warn({ err }, 'warehouse unavailable at start; threadsql keeps running and /healthz says so');
    }
    if (options.loadSchema !== false) await schema.loadAtStart();

    const statementDeps: RunStatementDeps = {
      store,
      warehouse: wh,
      schema,
      clock,
      logger,
      limits: {
        dataDir: config.dataDir,
        statementTimeoutMs: config.statementTimeoutMs,
        pageSize: config.pageSize,
        exportRowLimit: config.exportRowLimit,
        maxRows: config.maxRows,
      },
    };

    const metrics = createMetrics();
    const llm = config.llm
      ? createOpenAiClient({
          baseURL: config.llm.baseURL,
          apiKey: config.llm.apiKey,
          model: config.llm.model,
          requestTimeoutMs: config.llm.timeoutMs,
          deadlineMs: config.llm.timeoutMs * 2,
          logger,
        })
      : undefined;
    const embeddings =
      config.llm?.embeddingModel !== undefined
        ? createEmbeddingsClient({ baseURL: config.llm.baseURL, apiKey: config.llm.apiKey, model: config.llm.embeddingModel, logger })
        : undefined;
    const kb = createKnowledgeBase({ dir: config.kbDir, store, logger, embeddings });
    if (options.loadKb !== false) {
      const report = await kb.reload(schema.current()?.catalog);
      for (const e of report.errors) logger.warn({ file: e.file, reason: e.reason }, 'knowledge-base file skipped');
    }
    const engine = createEngine({
      question: {
        statement: statementDeps,
        kb,
        llm,
        prices: config.llm?.prices ?? {},
        repairAttempts: config.repairAttempts,
        cacheTtlMs: config.cacheTtlMs,
        onAttemptFinished: (e) => {
          metrics.attemptFinished(
            { status: e.status, platform: e.platform, source: e.source },
            { generationMs: e.generationMs, executionMs: e.executionMs },
          );
          if (e.model && e.promptTokens !== undefined) metrics.tokens(e.model, e.promptTokens, e.completionTokens ?? 0);
          if (e.cache === 'hit') metrics.cacheHit();
          if (e.cache === 'miss') metrics.cacheMiss();
        },
      },
      // The terminal user can read the data dir (store, exports) anyway, so it is an admin here; so is
      // the local web user while the server only listens on this machine (local mode; never in shared
      // mode, where a proxy on this machine makes every visitor look local).
      isAdmin: (platform, userId) =>
        platform === 'terminal' ||
        (platform === 'web' && userId === 'local' && isLoopbackHost(config.host) && !config.web.public) ||
        config.admins.has(`${platform}:${userId}`),
      rawSql: config.rawSql,
      kbDir: config.kbDir,
      sessionIdleMs: config.sessionIdleHours * 3600 * 1000,
      maxConcurrentQuestions: config.maxConcurrentQuestions,
      logger,
      onQueueChange: (waiting, running) => metrics.queueChanged(waiting, running),
      webSignIn: webSignInSetting(config.web),
    });

    return {
      config,
      logger,
      clock,
      store,
      warehouse: wh,
      schema,
      statementDeps,
      kb,
      engine,
      metrics,
      role,
      orphansClosed,
      interrupted,
      health: () => healthReport({ store, warehouse: wh, schema, clock, role: () => role, setRole: (r) => (role = r) }),
      async close() {
        await wh.close();
        await store.close();
      },
    };
  } catch (err) {
    await (warehouse ?? (await warehouseReady.catch(() => undefined)))?.close().catch(() => undefined); // already failing: the original error matters
    await store.close();
    throw err;
  }
}

async function healthReport(deps: {
  store: Store;
  warehouse: Warehouse;
  schema: SchemaService;
  clock: Clock;
  role: () => RoleReport | undefined;
  setRole: (r: RoleReport) => void;
}): Promise<HealthReport> {
  const storeCheck = await deps.store.healthcheck().then(
    () => ({ ok: true }),
    (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : 'store unavailable' }),
  );
  const warnings: string[] = [];
  let warehouseCheck: { ok: boolean; error?: string };
  try {
    await deps.warehouse.ping();
    warehouseCheck = { ok: true };
    if (!deps.role()) deps.setRole(await deps.warehouse.roleReport());
  } catch (err) {
    warehouseCheck = { ok: false, error: (err as { userMessage?: string }).userMessage ?? 'the warehouse cannot be reached' };
  }
  const role = deps.role();
  if (role && role.dangerous.length > 0 && deps.warehouse.kind === 'postgres') {
    warnings.push(`role "${role.role}" can do more than read: ${role.dangerous.join(', ')}; use a read-only role`);
  }
  let loaded = deps.schema.current();
  if (!loaded && warehouseCheck.ok) loaded = await deps.schema.ensure().catch(() => undefined);
  const now = deps.clock.now();
  return {
    status: !storeCheck.ok ? 'down' : warehouseCheck.ok && loaded ? 'ok' : 'degraded',
    store: storeCheck,
    warehouse: { ...warehouseCheck, kind: deps.warehouse.kind, description: deps.warehouse.description, warnings },
    schema: loaded
      ? {
          snapshotId: loaded.snapshotId,
          loadedAt: loaded.loadedAt.toISOString(),
          ageSeconds: Math.round((now.getTime() - loaded.loadedAt.getTime()) / 1000),
          tables: loaded.tableCount,
          columns: loaded.columnCount,
          source: loaded.source,
        }
      : null,
  };
}

/** Platforms stop re-sending an event within hours; a week of event ids is plenty to answer once. */
const PROCESSED_EVENTS_KEPT_MS = 7 * 24 * 3600 * 1000;
/** A channel thread nobody wrote in for 90 days no longer needs a way to be reached proactively. */
const THREAD_REFERENCES_KEPT_MS = 90 * 24 * 3600 * 1000;

/** Rows that only grow: forgotten at start once they can no longer matter. */
async function pruneHousekeeping(store: Store, now: Date, logger: Logger): Promise<void> {
  const pruned = {
    events: await store.events.pruneBefore(new Date(now.getTime() - PROCESSED_EVENTS_KEPT_MS)),
    signInLinks: await store.signInLinks.pruneBefore(now),
    threadReferences: await store.conversationRefs.pruneBefore(new Date(now.getTime() - THREAD_REFERENCES_KEPT_MS)),
  };
  if (pruned.events + pruned.signInLinks + pruned.threadReferences > 0) logger.info(pruned, 'old rows pruned at start');
}
