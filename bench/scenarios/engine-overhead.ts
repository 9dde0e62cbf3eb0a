// 2. Engine overhead per question: the whole engine path (de-duplication, user, thread session,
// queue, attempt rows, KB search, cache lookup, schema slice, prompt, reading the model's answer,
// guard, executor, results, summary, Reply) with a local model fake that answers at once and a
// trivial query on the real PostgreSQL. The model call (generation_ms) and the warehouse time
// (execution_ms), both recorded on the attempt, are subtracted from the engine call's wall time.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { completionBody, startOpenAiFake } from '../../tests/fakes/openai-fake.ts';
import { createReadOnlyRole, createTestDatabase, dropRole } from '../../tests/helpers/pg-database.ts';
import { below, type AvailableScenario, type BenchContext } from '../lib/scenario.ts';

export const engineOverhead: AvailableScenario = {
  number: 2,
  id: 'engine-overhead',
  title: 'Engine overhead per question',
  available: true,
  run,
};

const QUESTIONS = 1_000;
const WARMUP = 50;

async function run(ctx: BenchContext): Promise<void> {
  const db = await createTestDatabase('bench_engine');
  const role: { url?: string } = {};
  ctx.defer(async () => {
    await db.drop();
    if (role.url) await dropRole(db, role.url);
  });
  await db.admin(`CREATE TABLE products (product_id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));
    INSERT INTO products SELECT g, 'product ' || g, g * 1.5 FROM generate_series(1, 100) g; ANALYZE products;`);
  role.url = await createReadOnlyRole(db);

  const fake = await startOpenAiFake([{ kind: 'reply', body: completionBody('```sql\nSELECT count(*) AS products FROM products\n```') }]);
  ctx.defer(() => fake.close());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'threadsql-bench-engine-'));
  ctx.defer(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig(
    {
      DATABASE_URL: role.url,
      THREADSQL_DATA_DIR: dataDir,
      THREADSQL_KB_DIR: path.resolve(import.meta.dirname, '../../kb'),
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'bench',
      OPENAI_MODEL: 'bench-model',
      LOG_LEVEL: 'silent',
    },
    dataDir,
  );
  const app = await createApp(config, { logger: silentLogger });
  ctx.defer(() => app.close());
  ctx.note(`engine-overhead: ${QUESTIONS} distinct questions (no cache hits), each in its own thread; model: local fake answering at once; warehouse: PostgreSQL, a 100-row table; KB: the shipped kb/ (indexed, searched per question)`);

  const total: number[] = [];
  const overhead: number[] = [];
  const model: number[] = [];
  const database: number[] = [];
  for (let i = 0; i < WARMUP + QUESTIONS; i++) {
    const started = performance.now();
    const reply = await app.engine.handleMessage({
      platform: 'slack',
      tenantId: 'T',
      channelId: 'C',
      threadKey: `t${i}`,
      userId: 'U1',
      userDisplayName: 'Bench',
      text: `how many products are there, variant ${i}?`,
      isDirectMessage: false,
      eventId: `ev-${i}`,
    });
    const ms = performance.now() - started;
    if (!reply || reply.kind !== 'answer') throw new Error(`question ${i} did not get an answer: ${reply?.text}`);
    if (i < WARMUP) continue;
    const attempt = await app.store.attempts.getForViewer(reply.attemptId!, { userId: 'bench', role: 'admin' });
    const gen = attempt?.generationMs ?? 0;
    const exec = attempt?.executionMs ?? 0;
    total.push(ms);
    model.push(gen);
    database.push(exec);
    overhead.push(Math.max(0, ms - gen - exec));
  }
  ctx.timing('engine call → Reply, wall time', total);
  ctx.timing('  of which the model call (generation_ms, local fake over HTTP)', model);
  ctx.timing('  of which the warehouse (execution_ms: READ ONLY transaction, query, CSV, manifest)', database);
  ctx.timing('engine overhead per question (wall − model − warehouse)', overhead, { target: below('median', 5, 'ms') });
  ctx.timing('engine overhead per question, p99 view', overhead, { target: below('p99', 20, 'ms') });
}
