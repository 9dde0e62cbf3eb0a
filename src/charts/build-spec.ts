// Plan + prepared records → a Vega-Lite spec: readable axes (dates at their granularity, thousands
// separated or K/M/B, at most ~12 ticks, long labels already cut), a title from the question, the
// shared theme. The spec carries the plan and request in `usermeta` so it can be restyled later.
import { formatCompactAll, type Granularity } from '../lib/format-values.ts';
import type { ChartData, ChartRecord } from './chart-data.ts';
import { OTHER } from './chart-data.ts';
import { CHART_HEIGHT, CHART_WIDTH, OTHER_COLOR, PALETTE, THEME_CONFIG } from './chart-theme.ts';
import type { ChartPlan, ChartRequest } from './chart-types.ts';

export type VegaLiteSpec = Record<string, unknown>;

/** Most axis labels we let an axis show. */
const MAX_TICKS = 12;
/** Bars with values printed at their end, up to this many. */
const VALUE_LABEL_LIMIT = 20;

export interface SpecInput {
  plan: ChartPlan;
  request: ChartRequest;
  data: ChartData;
  title: string;
  /** Draw axis labels and titles (false only to prove, in tests, that labels were drawn). */
  axisLabels?: boolean;
}

export function buildSpec(input: SpecInput): VegaLiteSpec {
  const { plan, data, request } = input;
  const notes = data.notes.slice(0, 2);
  const base: VegaLiteSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: notes.length > 0 ? { text: input.title, subtitle: notes } : { text: input.title },
    data: { values: data.records },
    config: input.axisLabels === false ? { ...THEME_CONFIG, axis: { ...(THEME_CONFIG.axis as object), labels: false, title: null } } : THEME_CONFIG,
    usermeta: { threadsql: { version: 1, plan, request } },
  };
  switch (plan.kind) {
    case 'line':
    case 'area':
      return { ...base, ...lineSpec(plan, data, request) };
    case 'bar':
      return { ...base, ...barSpec(data, request) };
    case 'grouped_bar':
    case 'stacked_bar':
      return { ...base, ...groupedSpec(plan, data, request) };
    case 'pie':
      return { ...base, ...pieSpec(data) };
    case 'scatter':
      return { ...base, ...scatterSpec(data, request) };
    case 'histogram':
      return { ...base, ...histogramSpec(data) };
  }
}

function lineSpec(plan: ChartPlan, data: ChartData, request: ChartRequest): VegaLiteSpec {
  const series = data.seriesOrder;
  const perSeries = data.records.length / Math.max(1, series?.length ?? 1);
  const mark = { type: plan.kind, color: PALETTE[0], ...(plan.kind === 'line' ? { point: perSeries <= 40 ? { size: 30 } : false } : { opacity: series ? 0.85 : 0.7, line: true }) };
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark,
    encoding: {
      x: data.xKind === 'time' ? timeX(data) : numberX(data),
      y: valueAxis(data.records.map((r) => r.y), data.yTitle, request.logScale ?? false),
      ...(series ? { color: colourBy(series, data.yTitle ? null : '') } : {}),
    },
  };
}

function barSpec(data: ChartData, request: ChartRequest): VegaLiteSpec {
  const order = data.xOrder ?? [];
  const horizontal = !isOrderedCategory(data);
  const values = formatCompactAll(data.records.map((r) => r.y));
  const records = data.records.map((r, i) => ({ ...r, t: values[i], o: isOther(r) }));
  const category = categoryAxis(order, data.xTitle, horizontal);
  const value = valueAxis(records.map((r) => r.y), data.yTitle, request.logScale ?? false);
  const colour = { condition: { test: 'datum.o', value: OTHER_COLOR }, value: PALETTE[0] };
  const bars = { mark: { type: 'bar', ...(horizontal ? { height: { band: 0.75 } } : { width: { band: 0.75 } }) }, encoding: { color: colour } };
  const layers: VegaLiteSpec[] = [bars];
  if (records.length <= VALUE_LABEL_LIMIT && !(request.logScale ?? false)) {
    layers.push({
      mark: horizontal
        ? { type: 'text', align: { expr: "datum.y < 0 ? 'right' : 'left'" }, dx: { expr: 'datum.y < 0 ? -4 : 4' }, fontSize: 10, color: '#444' }
        : { type: 'text', baseline: { expr: "datum.y < 0 ? 'top' : 'bottom'" }, dy: { expr: 'datum.y < 0 ? 3 : -3' }, fontSize: 10, color: '#444' },
      encoding: { text: { field: 't' } },
    });
  }
  return {
    data: { values: records },
    ...(horizontal ? { width: CHART_WIDTH - 120, height: Math.max(120, order.length * 24) } : { width: CHART_WIDTH, height: CHART_HEIGHT }),
    encoding: horizontal ? { y: category, x: value } : { x: category, y: value },
    layer: layers,
  };
}

function groupedSpec(plan: ChartPlan, data: ChartData, request: ChartRequest): VegaLiteSpec {
  const order = data.xOrder ?? [];
  const series = data.seriesOrder ?? [];
  const horizontal = !isOrderedCategory(data);
  const stacked = plan.kind === 'stacked_bar';
  const category = categoryAxis(order, data.xTitle, horizontal);
  const totals = stacked ? stackTotals(data.records) : data.records.map((r) => r.y);
  const value = { ...valueAxis(totals, data.yTitle, (request.logScale ?? false) && !stacked), ...(stacked ? { stack: 'zero' } : { stack: null }) };
  const offset = stacked ? {} : { [horizontal ? 'yOffset' : 'xOffset']: { field: 's', type: 'nominal', sort: series } };
  const bandSize = stacked ? 24 : Math.max(18, series.length * 11 + 8);
  return {
    ...(horizontal ? { width: CHART_WIDTH - 120, height: Math.max(140, order.length * bandSize) } : { width: CHART_WIDTH, height: CHART_HEIGHT }),
    mark: { type: 'bar' },
    encoding: { ...(horizontal ? { y: category, x: value } : { x: category, y: value }), ...offset, color: colourBy(series, null) },
  };
}

function pieSpec(data: ChartData): VegaLiteSpec {
  const order = data.xOrder ?? [];
  const colours = order.map((label, i) => (label.startsWith(OTHER) && i === order.length - 1 ? OTHER_COLOR : PALETTE[i % PALETTE.length]!));
  return {
    width: 300,
    height: 300,
    mark: { type: 'arc', stroke: '#FFFFFF', strokeWidth: 1 },
    encoding: {
      theta: { field: 'y', type: 'quantitative', stack: true },
      color: { field: 'x', type: 'nominal', sort: order, scale: { domain: order, range: colours }, legend: { title: data.xTitle, orient: 'right', direction: 'vertical', columns: 1 } },
      order: { field: 'i', type: 'quantitative' },
    },
    data: { values: data.records.map((r, i) => ({ ...r, i })) },
  };
}

function scatterSpec(data: ChartData, request: ChartRequest): VegaLiteSpec {
  const log = request.logScale ?? false;
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'point', filled: true, opacity: 0.7, size: data.records.length > 500 ? 14 : 36, color: PALETTE[0] },
    encoding: {
      x: { ...valueAxis(data.records.map((r) => r.x as number), data.xTitle, log, 'x'), scale: { zero: false, ...(log ? { type: 'log' } : {}) } },
      y: { ...valueAxis(data.records.map((r) => r.y), data.yTitle, log), scale: { zero: false, ...(log ? { type: 'log' } : {}) } },
      ...(data.seriesOrder ? { color: colourBy(data.seriesOrder, null) } : {}),
    },
  };
}

function histogramSpec(data: ChartData): VegaLiteSpec {
  const xs = data.records.map((r) => r.x as number);
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'bar', color: PALETTE[0], binSpacing: 1 },
    encoding: {
      x: { field: 'x', type: 'quantitative', bin: { maxbins: 30 }, axis: { title: data.xTitle, labelExpr: numberLabelExpr(maxAbs(xs)), tickCount: 10, labelFlush: true } },
      y: { aggregate: 'count', type: 'quantitative', axis: { title: 'Rows', labelExpr: numberLabelExpr(data.records.length), tickCount: 6 } },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Axes

function isOrderedCategory(data: ChartData): boolean {
  return data.xKind === 'category' && data.ordered === true;
}

function isOther(r: ChartRecord): boolean {
  return r.full !== undefined && r.full.startsWith(`${OTHER} (`) && r.full.endsWith(' more)');
}

function categoryAxis(order: string[], title: string, horizontal: boolean): VegaLiteSpec {
  // Labels were cut to ~28 characters when the data was prepared; every k-th label keeps a long
  // vertical axis at ≤ 12 labels.
  const longest = Math.max(0, ...order.map((l) => l.length));
  const every = horizontal ? 1 : Math.ceil(order.length / (longest > 6 ? 8 : MAX_TICKS));
  const axis: VegaLiteSpec = { title: horizontal ? null : title, labelLimit: 200, ticks: false, ...(every > 1 ? { values: order.filter((_, i) => i % every === 0) } : {}) };
  if (!horizontal) axis.labelAngle = order.some((l) => l.length > 8) && order.length > 6 ? -40 : 0;
  return { field: 'x', type: 'nominal', sort: order, axis, scale: { paddingInner: 0.15 } };
}

function valueAxis(values: number[], title: string, log: boolean, field: 'x' | 'y' = 'y'): VegaLiteSpec {
  return {
    field,
    type: 'quantitative',
    ...(log ? { scale: { type: 'log' } } : {}),
    axis: { title: title || null, labelExpr: numberLabelExpr(maxAbs(values)), tickCount: 6 },
  };
}

function numberX(data: ChartData): VegaLiteSpec {
  const xs = data.records.map((r) => r.x as number);
  const integers = xs.every((x) => Number.isInteger(x));
  return {
    field: 'x',
    type: 'quantitative',
    scale: { zero: false, nice: false },
    axis: { title: data.xTitle, labelExpr: numberLabelExpr(maxAbs(xs)), tickCount: Math.min(MAX_TICKS, new Set(xs).size), ...(integers ? { tickMinStep: 1 } : {}), grid: false },
  };
}

/**
 * d3-format in a Vega expression: "1,234", "12.5 K", "3.2 M", "1.1 B", scaled once for the whole
 * axis from its largest value, so ticks read alike ("10 K, 20 K", never "9,000, 10 K").
 */
export function numberLabelExpr(max: number): string {
  // [from, divisor, suffix]: below 10,000 numbers are written out ("9,500").
  for (const [from, size, suffix] of [
    [1e12, 1e12, 'T'],
    [1e9, 1e9, 'B'],
    [1e6, 1e6, 'M'],
    [1e4, 1e3, 'K'],
  ] as const) {
    if (max >= from) return `datum.value == 0 ? '0' : format(datum.value / ${size}, ',~f') + ' ${suffix}'`;
  }
  if (max > 0 && max < 0.01) return "datum.value == 0 ? '0' : format(datum.value, '.2~e')";
  return "format(datum.value, ',~f')";
}

function maxAbs(values: number[]): number {
  let max = 0;
  for (const v of values) if (Math.abs(v) > max) max = Math.abs(v);
  return max;
}

function stackTotals(records: ChartRecord[]): number[] {
  const totals = new Map<string | number, number>();
  for (const r of records) totals.set(r.x, (totals.get(r.x) ?? 0) + Math.abs(r.y));
  return [...totals.values()];
}

function colourBy(order: string[], title: string | null): VegaLiteSpec {
  const range = order.map((s, i) => (s === OTHER ? OTHER_COLOR : PALETTE[i % PALETTE.length]!));
  return { field: 's', type: 'nominal', sort: order, scale: { domain: order, range }, legend: { title: title || null } };
}

// ---------------------------------------------------------------------------------------------
// Time axes: ticks on calendar steps (every 3 months, every year), labelled at that step.

interface TimeTicks {
  interval: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';
  step: number;
  format: string;
}

function timeX(data: ChartData): VegaLiteSpec {
  const xs = data.records.map((r) => r.x as number);
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const ticks = timeTicks(min, max, data.granularity ?? 'day');
  return {
    field: 'x',
    type: 'temporal',
    scale: { type: 'utc' },
    axis: {
      title: data.xTitle,
      labelExpr: `utcFormat(datum.value, '${ticks.format}')`,
      tickCount: { interval: ticks.interval, step: ticks.step },
      labelAngle: 0,
      labelFlush: true,
      grid: false,
    },
  };
}

const DAY = 86_400_000;

export function timeTicks(min: number, max: number, g: Granularity): TimeTicks {
  const span = Math.max(0, max - min);
  const multiYear = new Date(min).getUTCFullYear() !== new Date(max).getUTCFullYear();
  const months = span / (30.44 * DAY);
  const pick = (steps: number[], count: (step: number) => number) => steps.find((s) => count(s) <= 10) ?? steps[steps.length - 1]!;
  if (g === 'year' || months > 10 * 24) {
    return { interval: 'year', step: pick([1, 2, 5, 10, 20, 50, 100], (s) => span / (365.25 * DAY) / s), format: '%Y' };
  }
  if (g === 'quarter') return { interval: 'month', step: pick([3, 6, 12, 24], (s) => months / s), format: 'Q%q %Y' };
  if (g === 'month' || months > 3) {
    const step = pick([1, 2, 3, 6, 12], (s) => months / s);
    return { interval: 'month', step, format: step >= 12 ? '%Y' : multiYear || months > 10 ? '%b %Y' : '%b' };
  }
  const days = span / DAY;
  if (g === 'week' || g === 'day' || days > 3) {
    const step = pick([1, 2, 7, 14], (s) => days / s);
    return { interval: step >= 7 ? 'week' : 'day', step: step >= 7 ? step / 7 : step, format: multiYear ? '%b %-d, %Y' : '%b %-d' };
  }
  const hours = span / 3_600_000;
  if (hours > 3 || g === 'hour') return { interval: 'hour', step: pick([1, 2, 3, 6, 12], (s) => hours / s), format: '%b %-d %H:%M' };
  return { interval: 'minute', step: pick([1, 5, 10, 15, 30], (s) => (span / 60_000) / s), format: '%H:%M' };
}
