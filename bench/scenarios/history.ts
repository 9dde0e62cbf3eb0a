// 6. History: `history` and `history search` for a user with 100,000 attempts, through the store's
// own read (attempts.listForViewer, as the history commands call it: 20 rows, own attempts only).
// Search is a substring match, so its cost depends on how far back the 20th match lies: measured for
// a common word, a rare one and one that never occurs (every row of the user is read).
import { createClient } from '@libsql/client';
import { createHistoryStore } from '../lib/attempt-history.ts';
import { below, type AvailableScenario, type BenchContext } from '../lib/scenario.ts';
import { repeat, wall } from '../lib/timing.ts';

export const history: AvailableScenario = {
  number: 6,
  id: 'history',
  title: 'History (100,000 attempts for one user)',
  available: true,
  run,
};

async function run(ctx: BenchContext): Promise<void> {
  ctx.progress('filling a store with 100,000 attempts');
  const { store, viewer, filePath, searchWords } = await createHistoryStore(ctx, { attempts: 100_000, otherUsers: 9, otherAttemptsEach: 2_000 });
  const target = below('p95', 50, 'ms');

  const latest = await repeat(wall(() => store.attempts.listForViewer(viewer, { limit: 20 })), { warmup: 50, iterations: 500 });
  ctx.timing('history: latest 20 attempts (listForViewer)', latest, { target });
  const deep = await repeat(wall(() => store.attempts.listForViewer(viewer, { limit: 20, offset: 10_000 })), { warmup: 5, iterations: 50 });
  ctx.timing('history, 20 rows at offset 10,000', deep, { note: 'no command pages this deep today; shows what OFFSET costs' });

  for (const [label, word] of [
    ['common word, ~10% of rows', searchWords.common],
    ['rare word, 0.1% of rows', searchWords.rare],
    ['word that never occurs', searchWords.absent],
  ] as const) {
    const rows = await store.attempts.listForViewer(viewer, { limit: 20, search: word });
    const samples = await repeat(wall(() => store.attempts.listForViewer(viewer, { limit: 20, search: word })), { warmup: 3, iterations: 60, budgetMs: 10_000, minIterations: 20 });
    ctx.timing(`history search "${word}" (${label})`, samples, { target, note: `${rows.length} rows returned` });
  }

  // Why the numbers are what they are: SQLite's plan for the equivalent statements.
  const raw = createClient({ url: `file:${filePath}` });
  try {
    const plan = async (sql: string) =>
      (await raw.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [viewer.userId] })).rows.map((r) => String(r['detail'])).join('; ');
    ctx.note(`plan, history: ${await plan('SELECT * FROM query_attempts WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 20')}`);
    ctx.note(`plan, search: ${await plan("SELECT * FROM query_attempts WHERE user_id = ? AND (natural_language_query LIKE '%x%' ESCAPE '\\' OR generated_sql LIKE '%x%' ESCAPE '\\') ORDER BY created_at DESC, id DESC LIMIT 20")}`);
  } finally {
    raw.close();
  }
}
