// 8. Store: per-user history and attempt writes on a store holding 100,000 attempts for one user,
// through the store's own API; then two processes writing to the same file at once, counting every
// acknowledged write afterwards.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { createHistoryStore } from '../lib/attempt-history.ts';
import { atMost, type AvailableScenario, type BenchContext } from '../lib/scenario.ts';
import { summarize } from '../lib/stats.ts';
import { repeat, wall } from '../lib/timing.ts';
import type { WriterJob, WriterReport } from '../lib/store-writer.ts';

const WRITES_PER_PROCESS = 500;

export const store: AvailableScenario = {
  number: 8,
  id: 'store',
  title: 'Store (100,000 attempts; two writers)',
  available: true,
  run,
};

async function run(ctx: BenchContext): Promise<void> {
  ctx.progress('filling a store with 100,000 attempts');
  const fixture = await createHistoryStore(ctx, { attempts: 100_000, otherUsers: 9, otherAttemptsEach: 2_000 });
  const { viewer } = fixture;
  const attempts = fixture.store.attempts;

  const history = await repeat(wall(() => attempts.listForViewer(viewer)), { warmup: 100, iterations: 2_000 });
  // The floor under it: the statement listForViewer sends, straight through @libsql/client.
  const raw = createClient({ url: `file:${fixture.filePath}` });
  ctx.defer(() => raw.close());
  const rawSql = 'SELECT * FROM query_attempts WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 20';
  const rawHistory = await repeat(wall(() => raw.execute({ sql: rawSql, args: [viewer.userId] })), { warmup: 100, iterations: 2_000 });
  ctx.timing('per-user history (listForViewer, default 20 rows)', history, {
    target: atMost('p95', 1, 'ms'),
    ratio: `${(summarize(history).median / summarize(rawHistory).median).toFixed(2)}× raw`,
  });
  ctx.timing('reference: the same SELECT straight through @libsql/client', rawHistory);

  const started: string[] = [];
  const inserts = await repeat(async () => {
    const t = performance.now();
    started.push(await attempts.start({ userId: viewer.userId, platform: 'slack', question: 'revenue by region last month' }));
    return performance.now() - t;
  }, { warmup: 100, iterations: 2_000 });
  ctx.timing('attempt insert (attempts.start)', inserts, { target: atMost('p95', 2, 'ms') });
  let next = 0;
  const finishes = await repeat(wall(() => attempts.finish(started[next++]!, { status: 'success', executionMs: 5 })), { warmup: 100, iterations: 1_900 });
  ctx.timing('attempt finish (attempts.finish: status + weekly rollup, one transaction)', finishes);

  // ---- two processes writing at once
  ctx.progress(`two processes × ${WRITES_PER_PROCESS} attempts (start + finish) on the same file`);
  const writer = path.join(import.meta.dirname, '..', 'lib', 'store-writer.ts');
  const children = ['a', 'b'].map((tag) => {
    const child = fork(writer, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    ctx.defer(() => void child.kill());
    const ready = once(child, 'message');
    const done = new Promise<WriterReport>((resolve, reject) => {
      child.on('message', (m: WriterReport | { ready: true }) => {
        if ('tag' in m) resolve(m);
      });
      child.once('exit', (code) => reject(new Error(`writer ${tag} exited with code ${code} before reporting`)));
    });
    done.catch(() => undefined); // awaited below; a writer dying early must not be an unhandled rejection
    const job: WriterJob = { filePath: fixture.filePath, tag, count: WRITES_PER_PROCESS };
    child.send(job);
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  const t0 = performance.now();
  for (const c of children) c.child.send('go');
  const reports = await Promise.all(children.map((c) => c.done));
  const wallMs = performance.now() - t0;

  // Read back through a separate connection: every id a start() acknowledged must be on disk.
  let lost = 0;
  for (const r of reports) {
    const ids = new Set<string>();
    for (let at = 0; at < r.acknowledged.length; at += 500) {
      const chunk = r.acknowledged.slice(at, at + 500);
      const found = await raw.execute({ sql: `SELECT id FROM query_attempts WHERE id IN (${chunk.map(() => '?').join(',')})`, args: chunk });
      for (const row of found.rows) ids.add(String(row['id']));
    }
    lost += r.acknowledged.filter((id) => !ids.has(id)).length;
  }
  const acknowledged = reports.reduce((n, r) => n + r.acknowledged.length, 0);
  const failures = reports.flatMap((r) => Object.entries(r.failures).map(([code, n]) => `${r.tag}: ${code} ×${n}`));
  ctx.value('two processes writing at once: acknowledged writes lost', lost, 'count', {
    n: acknowledged,
    target: atMost('value', 0, 'count', 'none lost'),
    note: `${acknowledged}/${2 * WRITES_PER_PROCESS} starts acknowledged in ${(wallMs / 1000).toFixed(1)} s (${reports.map((r) => `${r.tag} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}); refused: ${failures.join(', ') || 'none'}`,
  });
}
