// `npm run bench` runs every scenario; `npm run bench -- <id|number> …` runs those. Prints one table
// (scenario, metric, n, median, p95, p99, max, peak RSS, target, ratio / verdict) and writes it with
// the machine to bench/results/latest.json. It measures: a missed target never changes the exit
// code; only a scenario that could not run (PostgreSQL down, a crash) makes it 1.
import path from 'node:path';
import { describeMachine, judge, machineLine, renderTable, writeResults, type ResultRow, type ScenarioReport } from './lib/report.ts';
import type { BenchContext, Scenario } from './lib/scenario.ts';
import { summarize } from './lib/stats.ts';
import { rssWatch } from './lib/timing.ts';
import { findScenario, scenarios } from './scenarios/registry.ts';

const RESULTS_FILE = path.join(import.meta.dirname, 'results', 'latest.json');

const keys = process.argv.slice(2).filter((a) => a !== '--');
const selected: Scenario[] = [];
for (const key of keys) {
  const found = findScenario(key);
  if (!found) {
    console.error(`unknown scenario "${key}"; one of:\n${scenarios.map((s) => `  ${s.number}  ${s.id}  (${s.title})`).join('\n')}`);
    process.exit(2);
  }
  selected.push(found);
}
const toRun = selected.length > 0 ? selected : scenarios;

const machine = describeMachine();
const rows: ResultRow[] = [];
const reports: ScenarioReport[] = [];
const cleanups: Array<() => Promise<unknown> | unknown> = [];
let cleaning: Promise<void> | undefined;
let interrupted = false;

/** Run the registered cleanups, last first; a second caller waits for the same run. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await cleanup();
      } catch (err) {
        // A failed cleanup (a database already gone) must not hide the results; say so and go on.
        console.error(`cleanup failed: ${(err as Error).message}`);
      }
    }
  })().finally(() => (cleaning = undefined));
  return cleaning;
}

// Ctrl-C: remove what the running scenario created (its database and role, temp dirs), then stop
// without printing or saving half a run.
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\ninterrupted: cleaning up');
  void cleanUp().finally(() => process.exit(130));
});

console.error(machineLine(machine));
rssWatch.start();
for (const scenario of toRun) {
  const label = `${scenario.number} ${scenario.id}`;
  if (!scenario.available) {
    reports.push({ number: scenario.number, id: scenario.id, title: scenario.title, status: 'not_available', reason: scenario.reason, notes: [] });
    rows.push({ scenario: label, metric: 'not available', unit: 'ms', n: 0, note: scenario.reason, verdict: { met: false, text: `not available: ${scenario.reason}` } });
    continue;
  }
  const report: ScenarioReport = { number: scenario.number, id: scenario.id, title: scenario.title, status: 'ran', notes: [] };
  reports.push(report);
  const ctx: BenchContext = {
    timing(metric, samples, options = {}) {
      const row: ResultRow = { scenario: label, metric, unit: options.unit ?? 'ms', n: samples.length, stats: summarize(samples), peakRssMb: rssWatch.peakMb(), ...pick(options) };
      return push(row);
    },
    value(metric, value, unit, options = {}) {
      const row: ResultRow = { scenario: label, metric, unit, n: options.n ?? 1, value, peakRssMb: rssWatch.peakMb(), ...pick(options) };
      return push(row);
    },
    note: (text) => void report.notes.push(text),
    defer: (cleanup) => void cleanups.push(cleanup),
    progress: (message) => console.error(`[${label}] ${message}`),
  };
  console.error(`\n== ${scenario.number}. ${scenario.title}`);
  const started = performance.now();
  rssWatch.reset();
  try {
    await scenario.run(ctx);
  } catch (err) {
    if (interrupted) {
      await cleanUp();
      process.exit(130);
    }
    report.status = 'failed';
    report.reason = (err as Error).message;
    rows.push({ scenario: label, metric: 'failed', unit: 'ms', n: 0, verdict: { met: false, text: `failed: ${(err as Error).message}` } });
    console.error(err);
  } finally {
    await cleanUp();
  }
  if (interrupted) {
    await cleanUp();
    process.exit(130);
  }
  report.durationMs = Math.round(performance.now() - started);
  console.error(`[${label}] done in ${(report.durationMs / 1000).toFixed(1)} s`);
}
rssWatch.stop();

console.log(`\n${machineLine(machine)}\n`);
console.log(renderTable(rows));
const notes = reports.filter((r) => r.notes.length > 0);
if (notes.length > 0) {
  console.log('\nnotes:');
  for (const r of notes) for (const n of r.notes) console.log(`  [${r.number} ${r.id}] ${n}`);
}
const withNotes = rows.filter((r) => r.note && r.metric !== 'not available');
if (withNotes.length > 0) {
  console.log('\nrow notes:');
  for (const r of withNotes) console.log(`  [${r.scenario}] ${r.metric}: ${r.note}`);
}
await writeResults(RESULTS_FILE, { machine, scenarios: reports, rows });
console.log(`\nsaved ${path.relative(process.cwd(), RESULTS_FILE)}`);
process.exit(reports.some((r) => r.status === 'failed') ? 1 : 0);

function push(row: ResultRow): ResultRow {
  row.verdict = judge(row);
  rows.push(row);
  const v = row.stats ? `median ${row.stats.median.toFixed(3)} p95 ${row.stats.p95.toFixed(3)}` : `${row.value?.toFixed(3)}`;
  console.error(`[${row.scenario}] ${row.metric}: ${v} ${row.unit}${row.verdict ? ` (${row.verdict.text})` : ''}`);
  return row;
}

function pick(options: { target?: ResultRow['target']; ratio?: string; note?: string }): Partial<ResultRow> {
  const out: Partial<ResultRow> = {};
  if (options.target) out.target = options.target;
  if (options.ratio) out.ratio = options.ratio;
  if (options.note) out.note = options.note;
  return out;
}
