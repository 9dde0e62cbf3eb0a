// Result rows, their verdicts against the targets, the printed table and bench/results/latest.json.
// A missed target is a finding, not a failure: it is printed and saved, and the run goes on.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Stats } from './stats.ts';

export type Unit = 'ms' | 's' | 'MB' | '%' | 'tokens' | 'count' | 'bytes';

export interface Target {
  /** The figure judged: one of the stats, or the row's single value. */
  stat: 'median' | 'p95' | 'p99' | 'max' | 'value';
  op: '<' | '<=';
  limit: number;
  /** How it reads in the table, e.g. "p95 ≤ 3 ms". */
  text: string;
}

export interface ResultRow {
  scenario: string;
  metric: string;
  unit: Unit;
  n: number;
  /** Timed rows: the distribution. */
  stats?: Stats;
  /** Single-figure rows (a memory growth, a recall, a count). */
  value?: number;
  /** The process's peak RSS while this was measured. */
  peakRssMb?: number;
  target?: Target;
  /** Relation to a reference measured in the same run, e.g. "1.21× bare". */
  ratio?: string;
  verdict?: Verdict;
  note?: string;
}

export interface Verdict {
  met: boolean;
  text: string;
}

export interface ScenarioReport {
  number: number;
  id: string;
  title: string;
  status: 'ran' | 'not_available' | 'failed';
  /** Why it is not available, or the error that stopped it. */
  reason?: string;
  /** Facts about the set-up a reader needs (table sizes, server version, how data was inserted). */
  notes: string[];
  durationMs?: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
}

export function describeMachine(now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: now.toISOString(),
  };
}

export function machineLine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}, ${m.date}`;
}

/** The figure a target judges, or undefined when the row does not have it. */
function judged(row: ResultRow, stat: Target['stat']): number | undefined {
  if (stat === 'value') return row.value;
  return row.stats?.[stat];
}

export function judge(row: ResultRow): Verdict | undefined {
  const target = row.target;
  if (!target) return undefined;
  const actual = judged(row, target.stat);
  if (actual === undefined) return { met: false, text: 'not measured' };
  const met = target.op === '<' ? actual < target.limit : actual <= target.limit;
  if (met) return { met, text: 'met' };
  const over = actual - target.limit;
  const pct = target.limit > 0 ? ` (+${Math.round((over / target.limit) * 100)}%)` : '';
  return { met, text: `MISSED by ${format(over, row.unit)} ${row.unit}${pct}` };
}

export function format(value: number, unit: Unit): string {
  if (unit === 'count' || unit === 'bytes') return Math.round(value).toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

const HEADERS = ['scenario', 'metric', 'n', 'median/value', 'p95', 'p99', 'max', 'peak RSS', 'target', 'ratio / verdict'];

function cells(row: ResultRow): string[] {
  const f = (v: number | undefined) => (v === undefined ? '—' : `${format(v, row.unit)} ${row.unit}`);
  const s = row.stats;
  const verdict = [row.ratio, row.verdict?.text].filter(Boolean).join(' · ');
  return [
    row.scenario,
    row.metric,
    String(row.n),
    s ? f(s.median) : f(row.value),
    f(s?.p95),
    f(s?.p99),
    f(s?.max),
    row.peakRssMb === undefined ? '—' : `${row.peakRssMb.toFixed(0)} MB`,
    row.target?.text ?? '—',
    verdict || '—',
  ];
}

/** The results as an aligned text table (numbers right-aligned). */
export function renderTable(rows: ResultRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (r: string[]) => r.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADERS), rule, ...body.map(line)].join('\n');
}

export interface BenchResults {
  machine: Machine;
  scenarios: ScenarioReport[];
  rows: ResultRow[];
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
