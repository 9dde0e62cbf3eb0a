// What a scenario is and what it gets to work with. A scenario sets up its own data (a database, a
// store file, a data dir), registers how to remove it, measures, and records rows; the runner
// prints, saves and cleans up.
import type { ResultRow, Target, Unit } from './report.ts';

export type Scenario = AvailableScenario | UnavailableScenario;

interface ScenarioInfo {
  /** The number in issue #8. */
  number: number;
  /** What `npm run bench -- <id>` takes. */
  id: string;
  title: string;
}

export interface AvailableScenario extends ScenarioInfo {
  available: true;
  run(ctx: BenchContext): Promise<void>;
}

/** Listed in every run with the reason, never faked. */
export interface UnavailableScenario extends ScenarioInfo {
  available: false;
  reason: string;
}

export interface RowOptions {
  target?: Target;
  ratio?: string;
  note?: string;
}

export interface BenchContext {
  /** A row from samples (ms unless said otherwise); peak RSS is the peak since the measurement started. */
  timing(metric: string, samples: number[], options?: RowOptions & { unit?: Unit }): ResultRow;
  /** A row with one figure (MB of growth, % recall, a count). */
  value(metric: string, value: number, unit: Unit, options?: RowOptions & { n?: number }): ResultRow;
  /** A fact about the set-up, saved with the results (and printed under the table). */
  note(text: string): void;
  /** Run when the scenario ends, also after a failure or Ctrl-C; last registered runs first. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
  /** A progress line on stderr, for set-up steps that take seconds. */
  progress(message: string): void;
}

/** "p95 ≤ 3 ms" style targets. */
export function atMost(stat: Target['stat'], limit: number, unit: Unit, text?: string): Target {
  return { stat, op: '<=', limit, text: text ?? `${stat === 'value' ? '' : `${stat} `}≤ ${limit} ${unit}` };
}

export function below(stat: Target['stat'], limit: number, unit: Unit, text?: string): Target {
  return { stat, op: '<', limit, text: text ?? `${stat === 'value' ? '' : `${stat} `}< ${limit} ${unit}` };
}
