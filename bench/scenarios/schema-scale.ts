// 5. Schema scale: 1,000 tables × 20 columns with foreign keys (bench/lib/synthetic-warehouse.ts)
// in the bench's own PostgreSQL database. Measures introspection on a fresh connection (cold), the
// snapshot load at start (introspection + hash + store), prompt assembly per question
// (selectSchemaSlice + buildPrompt) and how often the slice holds the question's gold tables.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSchemaService } from '../../src/engine/schema-service.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { buildPrompt, DEFAULT_PROMPT_BUDGETS } from '../../src/nl2sql/prompt.ts';
import { selectSchemaSlice } from '../../src/nl2sql/schema-slice.ts';
import { estimateTokens } from '../../src/nl2sql/tokens.ts';
import { openStore } from '../../src/store/store.ts';
import { introspectSchema } from '../../src/warehouse/introspect.ts';
import { createPgWarehouse } from '../../src/warehouse/pg/pg-warehouse.ts';
import type { SchemaDescription } from '../../src/warehouse/schema-types.ts';
import { createReadOnlyRole, createTestDatabase, dropRole } from '../../tests/helpers/pg-database.ts';
import { atMost, below, type AvailableScenario, type BenchContext } from '../lib/scenario.ts';
import { mean } from '../lib/stats.ts';
import { generateWarehouse, COLUMNS_PER_TABLE } from '../lib/synthetic-warehouse.ts';
import { repeat, wall } from '../lib/timing.ts';

// The schema-slice budget the question pipeline passes (SCHEMA_SLICE_TOKENS in engine/answer-question.ts).
const SCHEMA_SLICE_TOKENS = 2_500;

export const schemaScale: AvailableScenario = {
  number: 5,
  id: 'schema-scale',
  title: 'Schema scale (1,000 tables × 20 columns)',
  available: true,
  run,
};

async function run(ctx: BenchContext): Promise<void> {
  const generated = generateWarehouse();
  const db = await createTestDatabase('bench_schema');
  // The role can only be dropped once the database holding its grants is gone.
  const role: { url?: string } = {};
  ctx.defer(async () => {
    await db.drop();
    if (role.url) await dropRole(db, role.url);
  });
  ctx.progress(`creating ${generated.tables.length} tables × ${COLUMNS_PER_TABLE} columns in ${db.name}`);
  const setupStarted = performance.now();
  await db.admin(generated.ddl);
  const roUrl = (role.url = await createReadOnlyRole(db));
  const fkCount = generated.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  ctx.note(`${generated.tables.length} tables × ${COLUMNS_PER_TABLE} columns, ${fkCount} foreign keys, a comment on every tenth table; created in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s; introspected as a SELECT-only role`);

  // ---- introspection, cold: a new pool (so a new backend with empty catalog caches) every round
  ctx.progress('introspection on a fresh connection (cold) and on a warm one');
  let described: SchemaDescription | undefined;
  const cold = await repeat(async () => {
    const wh = createPgWarehouse({ url: roUrl, logger: silentLogger, poolSize: 1 });
    try {
      await wh.ping(); // connection set-up is not introspection: leave it out of the timing
      const started = performance.now();
      described = await introspectSchema(wh);
      return performance.now() - started;
    } finally {
      await wh.close();
    }
  }, { warmup: 1, iterations: 15 });
  const columns = described!.tables.reduce((n, t) => n + t.columns.length, 0);
  if (described!.tables.length !== generated.tables.length) throw new Error(`introspection found ${described!.tables.length} tables`);
  ctx.timing('introspection (introspectSchema), fresh connection each round', cold, {
    target: atMost('p95', 500, 'ms'),
    note: `${described!.tables.length} tables, ${columns} columns; the connection is opened and pinged before the clock starts`,
  });
  const warmWh = createPgWarehouse({ url: roUrl, logger: silentLogger, poolSize: 1 });
  ctx.defer(() => warmWh.close());
  const warm = await repeat(wall(() => introspectSchema(warmWh)), { warmup: 2, iterations: 15 });
  ctx.timing('introspection, same connection again (warm catalog caches)', warm);

  // ---- snapshot load at start, as the app does it: introspect + hash + save (or touch) in the store
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'threadsql-bench-schema-'));
  ctx.defer(() => rm(dataDir, { recursive: true, force: true }));
  const storeFile = path.join(dataDir, 'threadsql.db');
  const store = await openStore({ url: `file:${storeFile}`, authToken: undefined, isFile: true, filePath: storeFile }, { logger: silentLogger });
  ctx.defer(() => store.close());
  let lastService: ReturnType<typeof createSchemaService> | undefined;
  const load = await repeat(async () => {
    const wh = createPgWarehouse({ url: roUrl, logger: silentLogger, poolSize: 1 });
    try {
      await wh.ping();
      lastService = createSchemaService({ warehouse: wh, store, logger: silentLogger, clock: systemClock, schemas: undefined });
      const started = performance.now();
      await lastService.loadAtStart();
      return performance.now() - started;
    } finally {
      await wh.close();
    }
  }, { warmup: 1, iterations: 10 });
  ctx.timing('snapshot load at start (schema service: introspect + hash + store), fresh connection', load, {
    target: atMost('p95', 500, 'ms'),
    note: 'the first (warm-up) round stores the snapshot; the measured rounds find the same hash and only touch it',
  });
  const fromMemory = await repeat(wall(() => lastService!.ensure()), { warmup: 10, iterations: 1000 });
  ctx.timing('schema afterwards: schema.ensure() served from memory', fromMemory);

  // ---- prompt assembly per question
  const schema = described!;
  const assemble = (description: SchemaDescription, question: string) => {
    const slice = selectSchemaSlice(description, question, { tokenBudget: SCHEMA_SLICE_TOKENS });
    const prompt = buildPrompt({ question, schemaSlice: slice.text, examples: [], notes: [], turns: [], today: '2025-03-05' });
    return { slice, prompt };
  };
  ctx.progress(`prompt assembly for ${generated.questions.length} generated questions`);
  // Cold: the first question on a new snapshot object builds the match index (cached per snapshot).
  const clones = Array.from({ length: 6 }, () => structuredClone(schema));
  const coldPrompt = await repeat(async (i) => {
    const copy = clones[i < 0 ? 0 : i + 1]!;
    const started = performance.now();
    assemble(copy, generated.questions[0]!.question);
    return performance.now() - started;
  }, { warmup: 1, iterations: 5 });
  ctx.timing('prompt assembly, first question on a new snapshot (builds the match index)', coldPrompt, { target: below('p95', 20, 'ms') });
  const questions = generated.questions;
  const warmPrompt = await repeat(async (i) => {
    const q = questions[Math.abs(i) % questions.length]!;
    const started = performance.now();
    assemble(schema, q.question);
    return performance.now() - started;
  }, { warmup: 30, iterations: questions.length * 2 });
  ctx.timing('prompt assembly per question (selectSchemaSlice + buildPrompt), index built', warmPrompt, { target: below('p95', 20, 'ms') });

  // ---- budgets and schema-linking recall
  const recallByKind = new Map<string, number[]>();
  const firstIsGold: boolean[] = [];
  const sliceTables: number[] = [];
  const promptTokens: number[] = [];
  let withinBudget = 0;
  let allGold = 0;
  for (const q of questions) {
    const { slice, prompt } = assemble(schema, q.question);
    const shown = new Set(slice.tables);
    const found = q.gold.filter((g) => shown.has(g)).length;
    recallByKind.set(q.kind, [...(recallByKind.get(q.kind) ?? []), found / q.gold.length]);
    if (found === q.gold.length) allGold++;
    if (q.kind === 'one table') firstIsGold.push(slice.tables[0] === q.gold[0]);
    sliceTables.push(slice.tables.length);
    const total = prompt.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    promptTokens.push(total);
    const budgetOf = { notes: DEFAULT_PROMPT_BUDGETS.notes, examples: DEFAULT_PROMPT_BUDGETS.examples, turns: DEFAULT_PROMPT_BUDGETS.turns, question: DEFAULT_PROMPT_BUDGETS.question + 4 } as Record<string, number>;
    const sectionsFit = prompt.sections.every((s) => budgetOf[s.name] === undefined || s.tokens <= budgetOf[s.name]!);
    if (slice.tokens <= SCHEMA_SLICE_TOKENS && sectionsFit) withinBudget++;
  }
  ctx.value(`prompts over their token budget (schema slice ≤ ${SCHEMA_SLICE_TOKENS} tokens, each section ≤ its budget)`, questions.length - withinBudget, 'count', {
    n: questions.length,
    target: atMost('value', 0, 'count', 'none'),
    note: `slice tables per prompt: mean ${mean(sliceTables).toFixed(1)}, max ${Math.max(...sliceTables)}`,
  });
  ctx.timing('whole prompt size, estimated tokens (no KB examples or turns)', promptTokens, { unit: 'tokens' });
  const all = [...recallByKind.values()].flat();
  ctx.note(`recall counts a gold table as found when the ${SCHEMA_SLICE_TOKENS}-token slice shows it; the questions name the area and the entity as the table does, except the synonym set`);
  ctx.value('schema-linking recall: gold tables in the slice, all questions', mean(all) * 100, '%', {
    n: all.length,
    note: `questions with every gold table in the slice: ${allGold}/${questions.length}`,
  });
  for (const [kind, values] of recallByKind) {
    ctx.value(`schema-linking recall: ${kind}`, mean(values) * 100, '%', { n: values.length });
  }
  ctx.value('gold table shown first in the slice (one-table questions)', (firstIsGold.filter(Boolean).length / firstIsGold.length) * 100, '%', { n: firstIsGold.length });
  const misses = questions.filter((q) => {
    const shown = new Set(assemble(schema, q.question).slice.tables);
    return !q.gold.every((g) => shown.has(g));
  });
  if (misses.length > 0) ctx.note(`example of a missed question: "${misses[0]!.question}" (gold ${misses[0]!.gold.join(', ')})`);
}
