// Chart follow-ups on a real store: the answer's chart is kept (PNG under the data dir, spec beside
// the manifest); "bar instead" redraws from the CSV export as a new attempt in the same lineage.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartPngPath } from '../../../src/charts/chart-file.ts';
import { chartForOutcome } from '../../../src/engine/answer-reply.ts';
import { restyleAttempt, type RestyleDeps } from '../../../src/engine/restyle-chart.ts';
import type { StatementOutcome } from '../../../src/engine/run-statement.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { createResultCollector } from '../../../src/results/result-collector.ts';
import type { Store, Viewer } from '../../../src/store/store.ts';
import { makeTempDir, openFileStore, type TempDir } from '../store/store-test-helpers.ts';

let dir: TempDir;
let store: Store;
let deps: RestyleDeps;
let viewer: Viewer;

const columns = [
  { name: 'month', type: 'date' },
  { name: 'revenue', type: 'numeric' },
];
const rows = Array.from({ length: 18 }, (_, i) => [`${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, String(1000 + i * 50)]);

async function answeredAttempt(): Promise<string> {
  const attemptId = await store.attempts.start({ userId: viewer.userId, platform: 'terminal', question: 'Revenue per month', sql: 'SELECT month, revenue FROM monthly_revenue', sqlSource: 'user' });
  const collector = createResultCollector({ pageSize: 500, exportRowLimit: 10_000, exportPath: path.join(dir.path, 'exports', `${attemptId}.csv`), pagesDir: path.join(dir.path, 'pages', attemptId) });
  await collector.columns(columns);
  await collector.rows(rows);
  const r = await collector.finish();
  await store.manifests.save({ attemptId, columns, totalRows: r.totalRows, pageSize: r.pageSize, pageCount: r.pageCount, exportRowLimit: r.exportRowLimit, exportRowCount: r.exportRowCount, exportTruncated: false, exportFilePath: r.exportPath });
  await store.attempts.finish(attemptId, { status: 'success', executionMs: 5 });
  const outcome: StatementOutcome = {
    ok: true,
    attemptId,
    status: 'success',
    sql: 'SELECT month, revenue FROM monthly_revenue',
    message: '',
    executionMs: 5,
    result: { columns, firstPage: r.firstPage, totalRows: r.totalRows, pageSize: r.pageSize, pageCount: r.pageCount, capped: false, csvPath: r.exportPath, exportRowCount: r.exportRowCount, exportTruncated: false, relations: ['public.monthly_revenue'] },
  };
  const chart = await chartForOutcome(deps, outcome, 'Revenue per month');
  expect(chart?.ok).toBe(true);
  return attemptId;
}

beforeEach(async () => {
  dir = await makeTempDir('threadsql-charts-');
  store = await openFileStore(path.join(dir.path, 'store.db'));
  deps = { store, limits: { dataDir: dir.path }, logger: silentLogger };
  const user = await store.users.ensureUser({ platform: 'terminal', tenantId: '', platformUserId: 'ana', displayName: 'Ana' }, false);
  viewer = { userId: user.id, role: user.role };
});

afterEach(async () => {
  await store.close();
  await dir.remove();
});

describe('chart follow-ups', () => {
  it('keeps the answer chart as a PNG file and its spec beside the manifest', async () => {
    const attemptId = await answeredAttempt();
    expect(existsSync(chartPngPath(dir.path, attemptId))).toBe(true);
    const manifest = await store.manifests.getForViewer(attemptId, viewer);
    expect(manifest?.chartSpec).toMatchObject({ usermeta: { threadsql: { plan: { kind: 'line' } } } });
  });

  it('redraws "bar instead" from the export as a new attempt, then keeps the bars for "top 5 only"', async () => {
    const first = await answeredAttempt();
    const bar = await restyleAttempt(deps, viewer, first, { kind: 'bar' }, { text: 'bar instead' });
    expect(bar.status).toBe('success');
    expect(bar.text).toMatch(/as a bar chart; no new query ran/);
    expect(bar.parts.map((p) => p.kind)).toEqual(['chart', 'csv']);
    const second = bar.attemptId!;
    const attempt = await store.attempts.getForViewer(second, viewer);
    expect(attempt).toMatchObject({ originalAttemptId: first, naturalLanguageQuery: 'bar instead', status: 'success', generatedSql: 'SELECT month, revenue FROM monthly_revenue' });
    expect(existsSync(chartPngPath(dir.path, second))).toBe(true);

    const top = await restyleAttempt(deps, viewer, second, { top: 5 });
    expect(top.status).toBe('success');
    const manifest = await store.manifests.getForViewer(top.attemptId!, viewer);
    expect(manifest?.chartSpec).toMatchObject({ usermeta: { threadsql: { plan: { kind: 'bar' }, request: { kind: 'bar', top: 5 } } } });
    expect((manifest?.chartSpec?.data as { values: unknown[] }).values).toHaveLength(5);
  });

  it('says plainly when the data cannot take the asked chart', async () => {
    const first = await answeredAttempt();
    const reply = await restyleAttempt(deps, viewer, first, { kind: 'scatter' });
    expect(reply.parts[0]).toMatchObject({ kind: 'notice', text: expect.stringMatching(/scatter needs two number columns/) });
    expect(reply.status).toBe('not_executed');
  });

  it('does not show another user their attempt', async () => {
    const first = await answeredAttempt();
    const other = await store.users.ensureUser({ platform: 'terminal', tenantId: '', platformUserId: 'bo', displayName: 'Bo' }, false);
    const reply = await restyleAttempt(deps, { userId: other.id, role: other.role }, first, { kind: 'bar' });
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/no result .* that you can see/);
  });
});
