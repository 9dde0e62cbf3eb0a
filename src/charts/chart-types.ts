// Shared types of the charts folder: what a chart is asked for, what was chosen, what came out.
import type { Cell, ColumnMeta } from '../warehouse/types.ts';

/** Closed set of chart kinds we draw. */
export const CHART_KINDS = ['line', 'area', 'bar', 'grouped_bar', 'stacked_bar', 'scatter', 'histogram', 'pie'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** Time steps a user may ask the x axis to move in ("by week"). */
export type TimeStep = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * What the user asked of the chart, on top of what the data suggests. Every field is optional;
 * restyle follow-ups ("log scale", "top 5 only") fill one or two of them.
 */
export interface ChartRequest {
  kind?: ChartKind;
  logScale?: boolean;
  /** Show only the top N categories (the rest become "Other"). */
  top?: number;
  /** Order of categories: by value (largest first) or by name. */
  sort?: 'value' | 'name';
  /** Roll a time axis up to this step (sums), when the data is finer. */
  timeStep?: TimeStep;
}

/** A result to chart: the rows we have (up to the export's 10,000) and how many the query returned. */
export interface ChartInput {
  /** The user's question: the chart's title. Null for raw SQL (the title comes from the columns). */
  question: string | null;
  columns: ColumnMeta[];
  rows: Cell[][];
  /** Rows the query returned; more than rows.length when only the first rows are here. */
  totalRows: number;
  /** Reading stopped at the row cap: totalRows is a lower bound. */
  capped?: boolean;
}

/** How each column is used for charting. */
export type ColumnRole = 'time' | 'measure' | 'category' | 'ordinal' | 'other';

/** The chart chosen for a result: which columns go where, and why (in words a user can read). */
export interface ChartPlan {
  kind: ChartKind;
  /** Column index on the x axis (time, category, measure for scatter/histogram). */
  x: number;
  /** Measure column indexes (one per series for multi-measure charts). */
  y: number[];
  /** Column whose values become series / colours. */
  series?: number;
  /** Measures left out because their scale is far from the others' (named in the chart's notes). */
  dropped?: number[];
  reason: string;
}

export type ChartChoice = { ok: true; plan: ChartPlan } | { ok: false; reason: string };

/** A drawn chart. `spec` is the Vega-Lite spec (kept with the attempt), `notes` say what was left out. */
export interface DrawnChart {
  ok: true;
  png: Uint8Array;
  svg: string;
  spec: Record<string, unknown>;
  altText: string;
  plan: ChartPlan;
  request: ChartRequest;
  notes: string[];
  /** Time spent: spec built, SVG drawn, PNG rasterised (ms). */
  timings: { specMs: number; svgMs: number; pngMs: number };
}

export type ChartOutcome = DrawnChart | { ok: false; reason: string };
