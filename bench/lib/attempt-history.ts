// A store file holding a long audit history: 100,000 finished attempts for one user plus a few other
// users, for the history and store scenarios. The store is opened (and migrated) through openStore;
// the rows go in through a second libSQL connection on the same file as multi-row INSERTs, 500 rows
// a statement, in one write transaction per batch call: attempts.start() one by one would take
// minutes and measure nothing these scenarios are about.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient, type InStatement } from '@libsql/client';
import { silentLogger } from '../../src/lib/logger.ts';
import { openStore, type Store, type Viewer } from '../../src/store/store.ts';
import type { BenchContext } from './scenario.ts';

export interface HistoryFixture {
  store: Store;
  filePath: string;
  viewer: Viewer;
  /** Words whose frequency in the user's history is known. */
  searchWords: { common: string; rare: string; absent: string };
}

const METRICS = ['revenue', 'orders', 'customers', 'refunds', 'signups', 'sessions', 'margin', 'returns', 'tickets', 'churn'];
const DIMENSIONS = ['region', 'country', 'product category', 'channel', 'store', 'week', 'month', 'segment'];
const PERIODS = ['last month', 'this year', 'in 2024', 'last quarter', 'yesterday', 'since January'];
const ROWS_PER_STATEMENT = 500;
const FIVE_MINUTES = 5 * 60_000;

export async function createHistoryStore(
  ctx: BenchContext,
  options: { attempts: number; otherUsers: number; otherAttemptsEach: number },
): Promise<HistoryFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'threadsql-bench-store-'));
  ctx.defer(() => rm(dir, { recursive: true, force: true }));
  const filePath = path.join(dir, 'threadsql.db');
  const store = await openStore({ url: `file:${filePath}`, authToken: undefined, isFile: true, filePath }, { logger: silentLogger });
  ctx.defer(() => store.close());

  const user = await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: 'U-bench' }, false);
  const others: string[] = [];
  for (let i = 0; i < options.otherUsers; i++) {
    others.push((await store.users.ensureUser({ platform: 'slack', tenantId: 'T1', platformUserId: `U-other-${i}` }, false)).id);
  }

  // The user's attempts every five minutes from 2024-01-01 (about a year), the others' in between.
  const owners: Array<{ userId: string; at: number }> = [];
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  for (let i = 0; i < options.attempts; i++) owners.push({ userId: user.id, at: start + i * FIVE_MINUTES });
  for (const [u, id] of others.entries()) {
    for (let i = 0; i < options.otherAttemptsEach; i++) owners.push({ userId: id, at: start + i * FIVE_MINUTES * 7 + u * 1000 + 17 });
  }

  const raw = createClient({ url: `file:${filePath}`, timeout: 5_000 });
  const started = performance.now();
  try {
    // 50 statements (25,000 rows) per write transaction, built as they go so the bench's own memory stays small.
    let statements: InStatement[] = [];
    for (let at = 0; at < owners.length; at += ROWS_PER_STATEMENT) {
      const chunk = owners.slice(at, at + ROWS_PER_STATEMENT);
      const args: Array<string | number | null> = [];
      for (const [k, o] of chunk.entries()) args.push(...attemptValues(at + k, o.userId, o.at));
      statements.push({
        sql: `INSERT INTO query_attempts (id, user_id, platform, natural_language_query, generated_sql, sql_source, status,
                created_at, generated_at, executed_at, finished_at, generation_ms, execution_ms, error_code, error)
              VALUES ${chunk.map(() => `(${new Array(15).fill('?').join(', ')})`).join(', ')}`,
        args,
      });
      if (statements.length === 50 || at + ROWS_PER_STATEMENT >= owners.length) {
        await raw.batch(statements, 'write');
        statements = [];
      }
    }
  } finally {
    raw.close();
  }
  ctx.note(
    `store: ${options.attempts.toLocaleString('en-US')} attempts for one user and ${(options.otherUsers * options.otherAttemptsEach).toLocaleString('en-US')} for ${options.otherUsers} others, ` +
      `written by a direct batch on the file (multi-row INSERTs of ${ROWS_PER_STATEMENT} rows, libSQL batch transactions) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      'the store was opened and migrated by openStore first; no ANALYZE was run (the app runs none)',
  );
  return { store, filePath, viewer: { userId: user.id, role: user.role }, searchWords: { common: 'revenue', rare: 'warranty', absent: 'zeppelin' } };
}

/** One finished attempt: mostly successes, some failures and timeouts; one in a thousand mentions warranties. */
function attemptValues(i: number, userId: string, at: number): Array<string | number | null> {
  const metric = METRICS[i % METRICS.length]!;
  const dimension = DIMENSIONS[Math.floor(i / 10) % DIMENSIONS.length]!;
  const period = PERIODS[Math.floor(i / 80) % PERIODS.length]!;
  const question = i % 1000 === 500 ? `warranty claims by ${dimension} ${period}` : `${metric} by ${dimension} ${period}`;
  const column = dimension.replace(' ', '_');
  const sql = `SELECT ${column}, count(*) AS ${i % 1000 === 500 ? 'claims' : metric} FROM facts GROUP BY 1 ORDER BY 2 DESC`;
  const status = i % 20 === 7 ? 'failed_execution' : i % 50 === 13 ? 'timeout' : 'success';
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    randomUUID(), userId, 'slack', question, sql, 'model', status,
    iso(at), iso(at + 1500), iso(at + 1600), iso(at + 1900), 1500, 300,
    status === 'success' ? null : status === 'timeout' ? 'query_timeout' : 'warehouse_query_failed',
    status === 'success' ? null : 'The query did not finish.',
  ];
}
