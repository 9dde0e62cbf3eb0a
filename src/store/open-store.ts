// Opens the app's own store (a local libSQL file, or a libSQL server), applies migrations, and
// returns the repositories. Everything the rest of the app knows about the store comes from here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Config } from '../config/config.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { ThreadsqlError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { createAnswerCacheRepo } from './answer-cache-repo.ts';
import { createAttemptsRepo } from './attempts-repo.ts';
import { ensureWritableDir } from './data-dir.ts';
import type { RepoDeps, StoreDb } from './db.ts';
import { createConversationRefsRepo } from './conversation-refs-repo.ts';
import { createEventsRepo } from './events-repo.ts';
import { createGuardedClient, type GuardedClient } from './guarded-client.ts';
import { createKbRepo } from './kb-repo.ts';
import { createManifestsRepo } from './manifests-repo.ts';
import { createMetricsRepo } from './metrics-repo.ts';
import { migrate } from './migrate.ts';
import { createSessionsRepo } from './sessions-repo.ts';
import { createSignInLinksRepo } from './sign-in-links-repo.ts';
import { createSnapshotsRepo } from './snapshots-repo.ts';
import { toStoreError, withStoreErrors, type StoreErrorContext } from './store-errors.ts';
import type { Store, StoreDiagnostics } from './store.ts';
import { createUsersRepo } from './users-repo.ts';

/** SQLite's wait for a lock held by another connection before SQLITE_BUSY (spec: at least 5 s). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Pragmas that live on each connection and are replayed on every fresh one. */
const CONNECTION_SETUP_SQL = 'PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;';

export interface OpenStoreOptions {
  logger: Logger;
  clock?: Clock;
  /** Tests shorten this to provoke SQLITE_BUSY quickly; production keeps the default. */
  busyTimeoutMs?: number;
}

/**
 * Open the store described by `config` (Config['store']): create the data directory if missing,
 * refuse a corrupt or foreign file, set the connection up, migrate. Throws ThreadsqlError with one
 * line naming the file: 'store_corrupt', 'data_dir_unwritable', or 'store_unavailable'.
 */
export async function openStore(config: Config['store'], options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger.child({ module: 'store' });
  const clock = options.clock ?? systemClock;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const kind = storeKind(config);
  const context: StoreErrorContext = { filePath: config.filePath };

  if (kind === 'file') {
    if (!config.filePath) {
      throw new ThreadsqlError('config_invalid', 'THREADSQL_STORE_URL: a file store needs a file path');
    }
    await ensureWritableDir(path.dirname(config.filePath));
    await refuseNonFile(config.filePath);
  }

  let inner: Client;
  try {
    inner = createClient({
      url: config.url,
      authToken: config.authToken,
      // Local: the binding sets busy_timeout on every connection as it opens it, before any
      // statement runs. One connection, so per-connection pragmas hold (see guarded-client.ts).
      ...(kind === 'remote' ? {} : { timeout: busyTimeoutMs, concurrency: 1 }),
    });
  } catch (error) {
    throw openError(error, context, config);
  }

  try {
    if (kind !== 'remote') await prepareLocal(inner, kind, config.filePath, logger);
    else await inner.execute('SELECT 1');
    const client = createGuardedClient(inner, {
      canReconnect: kind === 'file',
      connectionSetupSql: kind === 'remote' ? undefined : CONNECTION_SETUP_SQL,
      logger,
    });
    const db: StoreDb = drizzle({ client });
    await migrate(db, client, logger);
    const store = buildStore(db, client, clock, kind, context, logger);
    const diagnostics = await store.diagnostics();
    if (!diagnostics.foreignKeys) {
      // Local: we set it, so this is a bug. Remote: the server decides; say so once.
      if (kind !== 'remote') throw new Error('PRAGMA foreign_keys is off after setup');
      logger.warn('the libSQL server reports foreign_keys off; constraints are not enforced there');
    }
    logger.info({ kind, journalMode: diagnostics.journalMode, busyTimeoutMs: diagnostics.busyTimeoutMs }, 'store open');
    return store;
  } catch (error) {
    inner.close();
    throw openError(error, context, config);
  }
}

function storeKind(config: Config['store']): StoreDiagnostics['kind'] {
  if (config.isFile) return 'file';
  return /^file:/i.test(config.url) ? 'memory' : 'remote';
}

/** A directory (or anything but a regular file) where the store file should be. */
async function refuseNonFile(filePath: string): Promise<void> {
  const stat = await fs.stat(filePath).catch(() => undefined);
  if (stat && !stat.isFile()) {
    throw new ThreadsqlError(
      'store_corrupt',
      `The store path ${filePath} exists but is not a file; point THREADSQL_STORE_URL at a file.`,
    );
  }
}

/**
 * Order matters: first a read that touches the file header (a corrupt file fails here, before
 * anything is written), then a check that the file is ours, then WAL, then per-connection pragmas.
 */
async function prepareLocal(client: Client, kind: 'file' | 'memory', filePath: string | undefined, logger: Logger) {
  const tables = await client.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const names = tables.rows.map((r) => String(r['name']));
  if (names.length > 0 && !names.includes('__drizzle_migrations')) {
    throw new ThreadsqlError(
      'store_corrupt',
      `The store file ${filePath ?? '(memory)'} is an SQLite database but not a threadsql store (it has ${names.length} other tables); point THREADSQL_STORE_URL at a new file.`,
    );
  }
  if (kind === 'file') {
    const mode = await client.execute('PRAGMA journal_mode = WAL');
    const journalMode = String(mode.rows[0]?.[0] ?? '').toLowerCase();
    // Some filesystems (network mounts) cannot do WAL; SQLite then keeps its rollback journal.
    if (journalMode !== 'wal') logger.warn({ journalMode }, 'store could not switch to WAL; continuing');
  }
  await client.executeMultiple(CONNECTION_SETUP_SQL);
}

function buildStore(
  db: StoreDb,
  client: GuardedClient,
  clock: Clock,
  kind: StoreDiagnostics['kind'],
  context: StoreErrorContext,
  logger: Logger,
): Store {
  const deps: RepoDeps = { db, clock };
  // Run-time errors carry no file path: their userMessage may be posted in a thread.
  const repo = <T extends object>(r: T) => withStoreErrors(r);
  let closed = false;
  return {
    users: repo(createUsersRepo(deps)),
    sessions: repo(createSessionsRepo(deps)),
    attempts: repo(createAttemptsRepo(deps)),
    manifests: repo(createManifestsRepo(deps)),
    snapshots: repo(createSnapshotsRepo(deps)),
    kb: repo(createKbRepo(deps)),
    events: repo(createEventsRepo(deps)),
    conversationRefs: repo(createConversationRefsRepo(deps)),
    signInLinks: repo(createSignInLinksRepo(deps)),
    metrics: repo(createMetricsRepo(deps)),
    answerCache: repo(createAnswerCacheRepo(deps)),

    async healthcheck() {
      const started = clock.monotonicMs();
      try {
        await client.execute('SELECT 1');
      } catch (error) {
        const mapped = toStoreError(error, {});
        logger.warn({ code: mapped.code, err: mapped }, 'store healthcheck failed');
        throw mapped;
      }
      return { ok: true, latencyMs: Math.round(clock.monotonicMs() - started) };
    },

    async diagnostics() {
      try {
        const read = async (pragma: string) => (await client.execute(`PRAGMA ${pragma}`)).rows[0]?.[0];
        const foreignKeys = await read('foreign_keys');
        const journalMode = await read('journal_mode');
        const busy = await read('busy_timeout');
        const synchronous = await read('synchronous');
        return {
          kind,
          foreignKeys: Number(foreignKeys) === 1,
          journalMode: journalMode == null ? undefined : String(journalMode),
          busyTimeoutMs: busy == null ? undefined : Number(busy),
          synchronous: synchronous == null ? undefined : Number(synchronous),
          reconnects: client.reconnects,
        };
      } catch (error) {
        throw toStoreError(error, context);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      client.close();
      logger.debug('store closed');
    },
  };
}

/** Start-up errors: one line naming the file (or the server's host, never its token). */
function openError(error: unknown, context: StoreErrorContext, config: Config['store']): ThreadsqlError {
  if (error instanceof ThreadsqlError) return error;
  const mapped = toStoreError(error, context);
  // These already name the file (context.filePath) in one line.
  if (config.isFile && (mapped.code === 'store_corrupt' || mapped.code === 'data_dir_unwritable')) return mapped;
  const hint = config.isFile ? '' : '; check THREADSQL_STORE_URL and THREADSQL_STORE_AUTH_TOKEN';
  return new ThreadsqlError(
    mapped.code === 'internal' ? 'store_unavailable' : mapped.code,
    `The store ${describe(config)} could not be opened (${mapped.message})${hint}.`,
    { cause: mapped.cause },
  );
}

/** The file path, or a server URL reduced to scheme and host (no token, no query). */
function describe(config: Config['store']): string {
  if (config.filePath) return `file ${config.filePath}`;
  try {
    const url = new URL(config.url);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'URL'; // unparseable: say nothing more rather than echo something that may hold a secret
  }
}
