// A plan's rows as the records a Vega-Lite spec draws: fixed field names (x, y, s) so column names
// with dots, quotes or keywords never reach a field expression; categories ordered and cut to the
// top N plus "Other"; repeated keys added up; long series sampled. Every cut is said in `notes`.
import { detectGranularity, formatDateAt, humanizeColumn, type Granularity } from '../lib/format-values.ts';
import type { Cell } from '../warehouse/types.ts';
import type { ChartInput, ChartPlan, ChartRequest, TimeStep } from './chart-types.ts';
import { SERIES_LIMIT } from './choose-chart.ts';
import { columnRoles, toChartLabel, toChartNumber, toChartTime, timeToIso } from './column-values.ts';

/** Bars shown before the rest are added up as "Other". */
export const TOP_BARS = 15;
/** Slices of a pie before the rest become "Other". */
const TOP_SLICES = 7;
/** Dates or ordered numbers drawn as bars: the most recent this many. */
const MAX_ORDERED_BARS = 60;
/** Groups (colours) in grouped bars before the rest become "Other". */
const TOP_GROUPS = 6;
/** Points per chart before a line or scatter is thinned (drawing more adds time, not information). */
export const MAX_POINTS = 2_000;
export const OTHER = 'Other';

export interface ChartRecord {
  x: number | string;
  y: number;
  /** Series (line, colour) label; absent for single-series charts. */
  s?: string;
  /** Whole label (before truncation) for alt text. */
  full?: string;
}

export interface ChartData {
  records: ChartRecord[];
  /** x axis: a time axis and its granularity, ordered categories, or numbers. */
  xKind: 'time' | 'category' | 'number';
  granularity?: Granularity;
  /** Categories in their own order (dates, month numbers): vertical bars, never cut to a top N. */
  ordered?: boolean;
  /** Category order on the x axis (bars), series order (legend). */
  xOrder?: string[];
  seriesOrder?: string[];
  xTitle: string;
  yTitle: string;
  notes: string[];
}

export function prepareChartData(input: ChartInput, plan: ChartPlan, request: ChartRequest): ChartData {
  const notes: string[] = [];
  if (plan.dropped && plan.dropped.length > 0) {
    const names = plan.dropped.map((i) => humanizeColumn(input.columns[i]!.name));
    notes.push(`${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} on a much smaller scale and left out; the table has ${names.length === 1 ? 'it' : 'them'}.`);
  }
  if (input.rows.length < input.totalRows) {
    notes.push(`Drawn from the first ${int(input.rows.length)} of ${input.capped ? 'at least ' : ''}${int(input.totalRows)} rows.`);
  }
  switch (plan.kind) {
    case 'line':
    case 'area':
      return lineData(input, plan, request, notes);
    case 'bar':
    case 'pie':
      return barData(input, plan, request, notes);
    case 'grouped_bar':
    case 'stacked_bar':
      return groupedData(input, plan, request, notes);
    case 'scatter':
      return scatterData(input, plan, notes);
    case 'histogram':
      return histogramData(input, plan, notes);
  }
}

// ---------------------------------------------------------------------------------------------
// Lines: x is time (or an ordered number), one series per measure or per category value.

function lineData(input: ChartInput, plan: ChartPlan, request: ChartRequest, notes: string[]): ChartData {
  const roles = columnRoles(input.columns, input.rows);
  const isTime = roles[plan.x] === 'time';
  const xOf = (cell: Cell) => (isTime ? toChartTime(cell) : toChartNumber(cell, input.columns[plan.x]!.type));
  const multi = plan.y.length > 1;
  const measureName = (i: number) => humanizeColumn(input.columns[i]!.name);
  let granularity: Granularity | undefined;
  if (isTime) {
    const dates = input.rows.map((r) => xOf(r[plan.x] ?? null)).filter((n): n is number => n !== null).map(timeToIso);
    granularity = detectGranularity(dates);
  }
  const step = isTime && request.timeStep && coarser(request.timeStep, granularity!) ? request.timeStep : undefined;
  if (step) granularity = step;

  const sums = new Map<string, ChartRecord>();
  let skipped = 0;
  let merged = 0;
  for (const row of input.rows) {
    let x = xOf(row[plan.x] ?? null);
    if (x === null) {
      skipped++;
      continue;
    }
    if (step) x = truncateTime(x, step);
    for (const m of plan.y) {
      const y = toChartNumber(row[m] ?? null, input.columns[m]!.type);
      if (y === null) {
        skipped++;
        continue;
      }
      const s = multi ? measureName(m) : plan.series !== undefined ? toChartLabel(row[plan.series] ?? null) : undefined;
      const key = `${x}\u0000${s ?? ''}`;
      const prev = sums.get(key);
      if (prev) {
        prev.y += y;
        merged++;
      } else sums.set(key, { x, y, ...(s !== undefined ? { s } : {}) });
    }
  }
  let records = [...sums.values()];
  if (skipped > 0) notes.push(`${int(skipped)} ${skipped === 1 ? 'value is' : 'values are'} empty and left out.`);
  if (step) notes.push(`Added up by ${step}.`);
  else if (merged > 0) notes.push(`Rows with the same ${isTime ? 'date' : 'x value'}${plan.series !== undefined ? ' and series' : ''} are added up.`);

  let seriesOrder: string[] | undefined;
  if (multi) seriesOrder = plan.y.map(measureName);
  else if (plan.series !== undefined) {
    const limited = limitSeries(records, SERIES_LIMIT);
    records = limited.records;
    seriesOrder = limited.order;
    if (limited.folded > 0) notes.push(`The ${int(limited.folded)} smallest ${lower(humanizeColumn(input.columns[plan.series]!.name))} values are added up as "${OTHER}".`);
  }
  records.sort((a, b) => (a.x as number) - (b.x as number));
  const thinned = thin(records, MAX_POINTS);
  if (thinned.length < records.length) notes.push(`Every ${ordinal(Math.ceil(records.length / thinned.length))} point of ${int(records.length)} is drawn.`);
  return {
    records: thinned,
    xKind: isTime ? 'time' : 'number',
    ...(granularity ? { granularity } : {}),
    ...(seriesOrder ? { seriesOrder } : {}),
    xTitle: humanizeColumn(input.columns[plan.x]!.name),
    yTitle: multi ? '' : humanizeColumn(input.columns[plan.y[0]!]!.name),
    notes,
  };
}

const STEP_ORDER: Record<string, number> = { time: 0, hour: 1, day: 2, week: 3, month: 4, quarter: 5, year: 6 };

function coarser(step: TimeStep, g: Granularity): boolean {
  return STEP_ORDER[step]! > STEP_ORDER[g]!;
}

function truncateTime(ms: number, step: TimeStep): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (step) {
    case 'year':
      return Date.UTC(y, 0, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'month':
      return Date.UTC(y, m, 1);
    case 'week': {
      const day = Date.UTC(y, m, d.getUTCDate());
      const monday = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday, as date_trunc('week')
      return day - monday * 86_400_000;
    }
    case 'day':
      return Date.UTC(y, m, d.getUTCDate());
  }
}

/** Keep the `limit - 1` series with the largest totals; add the rest up per x as "Other". */
function limitSeries(records: ChartRecord[], limit: number): { records: ChartRecord[]; order: string[]; folded: number } {
  const totals = new Map<string, number>();
  for (const r of records) totals.set(r.s!, (totals.get(r.s!) ?? 0) + Math.abs(r.y));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  if (ranked.length <= limit) return { records, order: ranked, folded: 0 };
  const kept = new Set(ranked.slice(0, limit - 1));
  const other = new Map<number | string, ChartRecord>();
  const out: ChartRecord[] = [];
  for (const r of records) {
    if (kept.has(r.s!)) {
      out.push(r);
      continue;
    }
    const o = other.get(r.x);
    if (o) o.y += r.y;
    else other.set(r.x, { x: r.x, y: r.y, s: OTHER });
  }
  return { records: [...out, ...other.values()], order: [...kept, OTHER], folded: ranked.length - kept.size };
}

/** Evenly spaced points, always keeping the first and last. */
function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const every = Math.ceil(items.length / max);
  return items.filter((_, i) => i % every === 0 || i === items.length - 1);
}

// ---------------------------------------------------------------------------------------------
// Bars: one bar per category, largest first (or in name/time order), top N plus "Other".

interface Category {
  key: string;
  label: string;
  full: string;
  sortKey: number | string;
}

function categoryOf(input: ChartInput, col: number): (cell: Cell) => Category {
  const role = columnRoles(input.columns, input.rows)[col];
  const type = input.columns[col]!.type;
  let granularity: Granularity | undefined;
  if (role === 'time') {
    const dates = input.rows.map((r) => toChartTime(r[col] ?? null)).filter((n): n is number => n !== null).map(timeToIso);
    granularity = detectGranularity(dates);
  }
  return (cell) => {
    const key = cell === null ? '\u0000null' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
    if (role === 'time') {
      const t = toChartTime(cell);
      if (t !== null) {
        const text = formatDateAt(timeToIso(t), granularity!);
        return { key, label: text, full: text, sortKey: t };
      }
    }
    const n = role === 'ordinal' || role === 'category' ? toChartNumber(cell, type) : null;
    return { key, label: toChartLabel(cell), full: toChartLabel(cell, 200), sortKey: role === 'ordinal' && n !== null ? n : toChartLabel(cell, 200) };
  };
}

function barData(input: ChartInput, plan: ChartPlan, request: ChartRequest, notes: string[]): ChartData {
  const m = plan.y[0]!;
  const category = categoryOf(input, plan.x);
  const role = columnRoles(input.columns, input.rows)[plan.x];
  const totals = new Map<string, { cat: Category; y: number }>();
  let skipped = 0;
  let merged = 0;
  for (const row of input.rows) {
    const y = toChartNumber(row[m] ?? null, input.columns[m]!.type);
    if (y === null) {
      skipped++;
      continue;
    }
    const cat = category(row[plan.x] ?? null);
    const prev = totals.get(cat.key);
    if (prev) {
      prev.y += y;
      merged++;
    } else totals.set(cat.key, { cat, y });
  }
  if (skipped > 0) notes.push(`${int(skipped)} ${skipped === 1 ? 'row has' : 'rows have'} no ${lower(humanizeColumn(input.columns[m]!.name))} and ${skipped === 1 ? 'is' : 'are'} left out.`);
  if (merged > 0) notes.push(`Rows with the same ${lower(humanizeColumn(input.columns[plan.x]!.name))} are added up.`);
  const naturalOrder = (role === 'time' || role === 'ordinal') && plan.kind === 'bar' && request.sort !== 'value' && request.top === undefined;
  const noun = lower(humanizeColumn(input.columns[plan.x]!.name));
  if (naturalOrder) {
    const inOrder = [...totals.values()].sort((a, b) => compareKeys(a.cat.sortKey, b.cat.sortKey));
    const shown = inOrder.slice(-MAX_ORDERED_BARS);
    if (shown.length < inOrder.length) notes.push(`The last ${int(shown.length)} of ${int(inOrder.length)} ${noun} values.`);
    const labels = uniqueLabels(shown.map((e) => e.cat.label));
    return {
      records: shown.map((e, i) => ({ x: labels[i]!, y: e.y, full: e.cat.full })),
      xKind: 'category',
      ordered: true,
      xOrder: labels,
      xTitle: humanizeColumn(input.columns[plan.x]!.name),
      yTitle: humanizeColumn(input.columns[m]!.name),
      notes,
    };
  }
  const byValue = [...totals.values()].sort((a, b) => b.y - a.y);
  const limit = request.top ?? (plan.kind === 'pie' ? TOP_SLICES : TOP_BARS);
  const kept = byValue.slice(0, limit);
  const rest = byValue.slice(limit);
  const ordered = request.sort === 'name' ? [...kept].sort((a, b) => compareKeys(a.cat.sortKey, b.cat.sortKey)) : kept;
  const labels = uniqueLabels(ordered.map((e) => e.cat.label));
  const records: ChartRecord[] = ordered.map((e, i) => ({ x: labels[i]!, y: e.y, full: e.cat.full }));
  if (rest.length > 0) {
    if (request.top !== undefined) {
      notes.push(`Top ${int(kept.length)} of ${int(byValue.length)} ${noun} values.`);
    } else {
      const otherLabel = labels.includes(OTHER) ? `${OTHER} (${int(rest.length)})` : OTHER;
      records.push({ x: otherLabel, y: rest.reduce((sum, e) => sum + e.y, 0), full: `${OTHER} (${int(rest.length)} more)` });
      labels.push(otherLabel);
      notes.push(`Top ${int(kept.length)} of ${int(byValue.length)} ${noun} values; the other ${int(rest.length)} are added up as "${OTHER}".`);
    }
  }
  return {
    records,
    xKind: 'category',
    xOrder: labels,
    xTitle: humanizeColumn(input.columns[plan.x]!.name),
    yTitle: humanizeColumn(input.columns[m]!.name),
    notes,
  };
}

function groupedData(input: ChartInput, plan: ChartPlan, request: ChartRequest, notes: string[]): ChartData {
  const category = categoryOf(input, plan.x);
  const role = columnRoles(input.columns, input.rows)[plan.x];
  const bySeries = plan.series !== undefined;
  const seriesOf = bySeries ? categoryOf(input, plan.series!) : undefined;
  const cells = new Map<string, { cat: Category; s: string; y: number }>();
  const catTotals = new Map<string, { cat: Category; y: number }>();
  let skipped = 0;
  for (const row of input.rows) {
    const cat = category(row[plan.x] ?? null);
    const parts: Array<[string, number | null]> = bySeries
      ? [[seriesOf!(row[plan.series!] ?? null).label, toChartNumber(row[plan.y[0]!] ?? null, input.columns[plan.y[0]!]!.type)]]
      : plan.y.map((m) => [humanizeColumn(input.columns[m]!.name), toChartNumber(row[m] ?? null, input.columns[m]!.type)]);
    for (const [s, y] of parts) {
      if (y === null) {
        skipped++;
        continue;
      }
      const key = `${cat.key}\u0000${s}`;
      const prev = cells.get(key);
      if (prev) prev.y += y;
      else cells.set(key, { cat, s, y });
      const total = catTotals.get(cat.key);
      if (total) total.y += Math.abs(y);
      else catTotals.set(cat.key, { cat, y: Math.abs(y) });
    }
  }
  if (skipped > 0) notes.push(`${int(skipped)} empty ${skipped === 1 ? 'value is' : 'values are'} left out.`);
  const naturalOrder = (role === 'time' || role === 'ordinal') && request.sort !== 'value' && request.top === undefined;
  const rankedCats = [...catTotals.values()].sort((a, b) => b.y - a.y);
  let keptCats = naturalOrder
    ? [...rankedCats].sort((a, b) => compareKeys(a.cat.sortKey, b.cat.sortKey)).slice(-MAX_ORDERED_BARS)
    : rankedCats.slice(0, request.top ?? TOP_BARS);
  if (request.sort === 'name') keptCats = [...keptCats].sort((a, b) => compareKeys(a.cat.sortKey, b.cat.sortKey));
  const keptKeys = new Set(keptCats.map((c) => c.cat.key));
  const labels = uniqueLabels(keptCats.map((c) => c.cat.label));
  const labelOf = new Map(keptCats.map((c, i) => [c.cat.key, labels[i]!]));
  const folded = rankedCats.length - keptCats.length;
  const useOther = folded > 0 && request.top === undefined && !naturalOrder;
  const otherLabel = labels.includes(OTHER) ? `${OTHER} (${int(folded)})` : OTHER;
  const out = new Map<string, ChartRecord>();
  for (const c of cells.values()) {
    const x = keptKeys.has(c.cat.key) ? labelOf.get(c.cat.key)! : useOther ? otherLabel : undefined;
    if (x === undefined) continue;
    const key = `${x}\u0000${c.s}`;
    const prev = out.get(key);
    if (prev) prev.y += c.y;
    else out.set(key, { x, y: c.y, s: c.s, full: keptKeys.has(c.cat.key) ? c.cat.full : `${OTHER} (${int(folded)} more)` });
  }
  let records = [...out.values()];
  let seriesOrder = bySeries ? undefined : plan.y.map((m) => humanizeColumn(input.columns[m]!.name));
  if (bySeries) {
    const limited = limitSeries(records, TOP_GROUPS);
    records = limited.records;
    seriesOrder = limited.order;
    if (limited.folded > 0) notes.push(`The ${int(limited.folded)} smallest ${lower(humanizeColumn(input.columns[plan.series!]!.name))} values are added up as "${OTHER}".`);
  }
  const noun = lower(humanizeColumn(input.columns[plan.x]!.name));
  if (folded > 0) {
    notes.push(
      naturalOrder
        ? `The last ${int(keptCats.length)} of ${int(rankedCats.length)} ${noun} values.`
        : useOther
          ? `Top ${int(keptCats.length)} of ${int(rankedCats.length)} ${noun} values; the other ${int(folded)} are added up as "${OTHER}".`
          : `Top ${int(keptCats.length)} of ${int(rankedCats.length)} ${noun} values.`,
    );
  }
  return {
    records,
    xKind: 'category',
    ...(naturalOrder ? { ordered: true } : {}),
    xOrder: useOther ? [...labels, otherLabel] : labels,
    ...(seriesOrder ? { seriesOrder } : {}),
    xTitle: humanizeColumn(input.columns[plan.x]!.name),
    yTitle: bySeries || plan.y.length === 1 ? humanizeColumn(input.columns[plan.y[0]!]!.name) : '',
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Points and distributions

function scatterData(input: ChartInput, plan: ChartPlan, notes: string[]): ChartData {
  const [xm, ym] = [plan.x, plan.y[0]!];
  const records: ChartRecord[] = [];
  let skipped = 0;
  for (const row of input.rows) {
    const x = toChartNumber(row[xm] ?? null, input.columns[xm]!.type);
    const y = toChartNumber(row[ym] ?? null, input.columns[ym]!.type);
    if (x === null || y === null) {
      skipped++;
      continue;
    }
    records.push({ x, y, ...(plan.series !== undefined ? { s: toChartLabel(row[plan.series] ?? null) } : {}) });
  }
  if (skipped > 0) notes.push(`${int(skipped)} ${skipped === 1 ? 'row misses' : 'rows miss'} a value and ${skipped === 1 ? 'is' : 'are'} left out.`);
  const thinned = thin(records, MAX_POINTS);
  if (thinned.length < records.length) notes.push(`${int(thinned.length)} of ${int(records.length)} points are drawn, evenly spaced through the rows.`);
  let seriesOrder: string[] | undefined;
  if (plan.series !== undefined) seriesOrder = [...new Set(thinned.map((r) => r.s!))].sort();
  return {
    records: thinned,
    xKind: 'number',
    ...(seriesOrder ? { seriesOrder } : {}),
    xTitle: humanizeColumn(input.columns[xm]!.name),
    yTitle: humanizeColumn(input.columns[ym]!.name),
    notes,
  };
}

function histogramData(input: ChartInput, plan: ChartPlan, notes: string[]): ChartData {
  const type = input.columns[plan.x]!.type;
  const records: ChartRecord[] = [];
  let skipped = 0;
  for (const row of input.rows) {
    const v = toChartNumber(row[plan.x] ?? null, type);
    if (v === null) skipped++;
    else records.push({ x: v, y: 1 });
  }
  if (skipped > 0) notes.push(`${int(skipped)} empty ${skipped === 1 ? 'value is' : 'values are'} left out.`);
  return { records, xKind: 'number', xTitle: humanizeColumn(input.columns[plan.x]!.name), yTitle: 'Rows', notes };
}

// ---------------------------------------------------------------------------------------------

/** Labels that stay apart after truncation: a second "Acme Corporation Intern…" becomes "… (2)". */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function lower(text: string): string {
  const first = text.split(' ')[0]!;
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
