// The chart a person would pick for a result, from its shape: column roles, distinct values, row
// count. Returns the plan with its reason, or why there is no chart, in a sentence for the user.
// A requested kind (a follow-up "as a line chart", or `--type`) wins when the data allows it.
import { humanizeColumn } from '../lib/format-values.ts';
import type { ChartChoice, ChartInput, ChartKind, ChartPlan, ChartRequest, ColumnRole } from './chart-types.ts';
import { columnRoles, distinctCount, toChartNumber, toChartTime } from './column-values.ts';

/** Wider results are not charted: no single chart shows a dozen columns. */
export const MAX_CHART_COLUMNS = 12;
/** A histogram needs enough values to have a shape; fewer are read better in the table. */
export const HISTOGRAM_MIN_ROWS = 20;
/** Categories with more values than this are plotted as points (scatter), not bars, when two measures exist. */
const BAR_CATEGORY_LIMIT = 15;
/** A second category colours the bars when it has at most this many values. */
const GROUP_LIMIT = 6;
/** Lines per chart when a category becomes series (the rest are added up as "Other"). */
export const SERIES_LIMIT = 8;
/** Measures drawn side by side at most (grouped bars, several lines). */
export const MEASURE_LIMIT = 5;

interface Shape {
  roles: ColumnRole[];
  measures: number[];
  emptyMeasures: number[];
  times: number[];
  categories: number[];
  distinct: (i: number) => number;
}

export function chooseChart(input: ChartInput, request: ChartRequest = {}): ChartChoice {
  const { columns, rows } = input;
  if (columns.length === 0) return no('The result has no columns, so there is nothing to chart.');
  if (rows.length === 0) return no('The query returned no rows, so there is nothing to chart.');
  if (columns.length > MAX_CHART_COLUMNS) {
    return no(`The result has ${columns.length} columns, too many for one chart; the table and the CSV have them all.`);
  }
  const shape = shapeOf(input);
  const name = (i: number) => humanizeColumn(columns[i]!.name);
  if (rows.length === 1 && !request.kind) {
    if (columns.length === 1) return no('One number: it is stated in the answer, and a chart would add nothing.');
    return no('One row: there is nothing to compare, so no chart.');
  }
  if (shape.measures.length === 0) {
    if (shape.emptyMeasures.length > 0) {
      return no(`Every value of ${name(shape.emptyMeasures[0]!)} is empty (NULL), so there is nothing to draw.`);
    }
    return no('The result has no numbers to chart; the table shows it as it is.');
  }
  if (request.kind) return planForKind(request.kind, shape, input);
  return defaultPlan(shape, input);
}

function shapeOf(input: ChartInput): Shape {
  const roles = columnRoles(input.columns, input.rows);
  const has = (i: number, test: (cell: ChartInput['rows'][number][number]) => boolean) => input.rows.some((r) => test(r[i] ?? null));
  const measures: number[] = [];
  const emptyMeasures: number[] = [];
  const times: number[] = [];
  const categories: number[] = [];
  roles.forEach((role, i) => {
    const type = input.columns[i]!.type;
    if (role === 'measure') (has(i, (c) => toChartNumber(c, type) !== null) ? measures : emptyMeasures).push(i);
    else if (role === 'time' && has(i, (c) => toChartTime(c) !== null)) times.push(i);
    else if (role === 'category' || role === 'ordinal' || role === 'time') categories.push(i);
  });
  const counts = new Map<number, number>();
  const distinct = (i: number) => {
    let n = counts.get(i);
    if (n === undefined) counts.set(i, (n = distinctCount(input.rows, i)));
    return n;
  };
  return { roles, measures, emptyMeasures, times, categories, distinct };
}

function defaultPlan(s: Shape, input: ChartInput): ChartChoice {
  const name = (i: number) => humanizeColumn(input.columns[i]!.name);
  const list = (ix: number[]) => ix.map(name).join(', ');
  const time = s.times.find((i) => s.distinct(i) >= 2);
  if (time !== undefined) {
    const series = s.measures.length === 1 ? s.categories[0] : undefined;
    const { kept: y, dropped } = comparableMeasures(s.measures.slice(0, MEASURE_LIMIT), input);
    const by = series !== undefined ? `, one line per ${lower(name(series))}` : y.length > 1 ? ', one line per measure' : '';
    return yes({ kind: 'line', x: time, y, ...(series !== undefined ? { series } : {}), ...(dropped.length ? { dropped } : {}), reason: `${list(y)} over ${lower(name(time))}: a line${by}.` });
  }
  const category = s.categories.find((i) => s.distinct(i) >= 1) ?? s.times[0];
  if (category !== undefined && isRecordList(s, input, category)) {
    return no('This is a list of records rather than a comparison, so no chart; the table and the CSV show it.');
  }
  if (category !== undefined) {
    const many = s.distinct(category);
    if (s.measures.length >= 2 && many > BAR_CATEGORY_LIMIT) {
      const colour = s.categories.find((i) => i !== category && s.distinct(i) <= SERIES_LIMIT);
      return yes({
        kind: 'scatter',
        x: s.measures[0]!,
        y: [s.measures[1]!],
        ...(colour !== undefined ? { series: colour } : {}),
        reason: `${many} ${lower(name(category))} values with two measures: a scatter of ${lower(name(s.measures[1]!))} against ${lower(name(s.measures[0]!))}.`,
      });
    }
    if (s.measures.length >= 2) {
      const { kept: y, dropped } = comparableMeasures(s.measures.slice(0, MEASURE_LIMIT), input);
      if (y.length === 1) return yes({ kind: 'bar', x: category, y, dropped, reason: `${name(y[0]!)} by ${lower(name(category))}: bars, largest first.` });
      return yes({ kind: 'grouped_bar', x: category, y, ...(dropped.length ? { dropped } : {}), reason: `${list(y)} by ${lower(name(category))}: grouped bars.` });
    }
    const group = s.categories.find((i) => i !== category && s.distinct(i) <= GROUP_LIMIT);
    if (group !== undefined) {
      return yes({
        kind: 'grouped_bar',
        x: category,
        y: s.measures,
        series: group,
        reason: `${name(s.measures[0]!)} by ${lower(name(category))} and ${lower(name(group))}: grouped bars.`,
      });
    }
    return yes({ kind: 'bar', x: category, y: s.measures, reason: `${name(s.measures[0]!)} by ${lower(name(category))}: bars, largest first.` });
  }
  if (s.measures.length >= 2) {
    return yes({ kind: 'scatter', x: s.measures[0]!, y: [s.measures[1]!], reason: `Two measures: a scatter of ${lower(name(s.measures[1]!))} against ${lower(name(s.measures[0]!))}.` });
  }
  return histogramOrNot(s, input);
}

/**
 * Measures drawn on one axis must share a scale: one whose largest value is under 1/20 of the
 * largest measure's would be a flat line along the bottom (orders next to revenue), so it is left
 * out and named. The table still has it.
 */
function comparableMeasures(measures: number[], input: ChartInput): { kept: number[]; dropped: number[] } {
  const peaks = measures.map((m) => {
    const type = input.columns[m]!.type;
    let peak = 0;
    for (const row of input.rows) peak = Math.max(peak, Math.abs(toChartNumber(row[m] ?? null, type) ?? 0));
    return peak;
  });
  const top = Math.max(...peaks);
  const kept = measures.filter((_, i) => top === 0 || peaks[i]! * 20 >= top);
  return { kept, dropped: measures.filter((m) => !kept.includes(m)) };
}

function histogramOrNot(s: Shape, input: ChartInput): ChartChoice {
  const m = s.measures[0]!;
  const type = input.columns[m]!.type;
  const values = input.rows.map((r) => toChartNumber(r[m] ?? null, type)).filter((n): n is number => n !== null);
  if (values.length < HISTOGRAM_MIN_ROWS) {
    return no(`A short list of ${values.length} numbers: the table shows them better than a chart.`);
  }
  if (values.every((v) => v === values[0])) return no(`All ${values.length} values are the same, so a histogram would be one bar.`);
  return yes({ kind: 'histogram', x: m, y: [], reason: `One measure over ${values.length} rows: a histogram of how the values spread.` });
}

function planForKind(kind: ChartKind, s: Shape, input: ChartInput): ChartChoice {
  const name = (i: number) => lower(humanizeColumn(input.columns[i]!.name));
  const label = KIND_NAMES[kind];
  const ordered = [...s.times.filter((i) => s.distinct(i) >= 2), ...s.categories.filter((i) => s.roles[i] === 'ordinal')];
  const anyX = [...ordered, ...s.categories, ...s.times];
  const measureList = s.measures.slice(0, MEASURE_LIMIT);
  switch (kind) {
    case 'line':
    case 'area': {
      const x = ordered[0];
      if (x === undefined) {
        return no(`A ${label} needs dates or ordered numbers along the bottom; this result has ${describeX(s, input)}, so bars show it better.`);
      }
      const series = measureList.length === 1 ? s.categories.find((i) => i !== x) : undefined;
      return yes({ kind, x, y: measureList, ...(series !== undefined ? { series } : {}), reason: `As asked: a ${label} over ${name(x)}.` });
    }
    case 'bar':
    case 'pie': {
      const x = anyX[0];
      if (x === undefined) return no(`A ${label} needs a column to label the ${kind === 'pie' ? 'slices' : 'bars'}; this result has only numbers.`);
      if (kind === 'pie') {
        const m = s.measures[0]!;
        const type = input.columns[m]!.type;
        if (input.rows.some((r) => (toChartNumber(r[m] ?? null, type) ?? 0) < 0)) {
          return no(`A pie cannot show negative values, and ${name(m)} has some; bars can.`);
        }
        return yes({ kind, x, y: [m], reason: `As asked: a pie of ${name(m)} by ${name(x)}.` });
      }
      return yes({ kind, x, y: [s.measures[0]!], reason: `As asked: bars of ${name(s.measures[0]!)} by ${name(x)}.` });
    }
    case 'grouped_bar':
    case 'stacked_bar': {
      const x = anyX[0];
      if (x === undefined) return no(`A ${label} needs a column to label the bars; this result has only numbers.`);
      if (measureList.length >= 2) return yes({ kind, x, y: measureList, reason: `As asked: ${label}s of ${measureList.map(name).join(', ')} by ${name(x)}.` });
      const series = [...s.categories, ...s.times].find((i) => i !== x && s.distinct(i) <= BAR_CATEGORY_LIMIT);
      if (series === undefined) return no(`A ${label} needs several measures or a second column to split the bars by; this result has neither.`);
      return yes({ kind, x, y: measureList, series, reason: `As asked: ${label}s of ${name(measureList[0]!)} by ${name(x)} and ${name(series)}.` });
    }
    case 'scatter': {
      if (s.measures.length < 2) return no('A scatter needs two number columns; this result has one.');
      const colour = s.categories.find((i) => s.distinct(i) <= SERIES_LIMIT);
      return yes({ kind, x: s.measures[0]!, y: [s.measures[1]!], ...(colour !== undefined ? { series: colour } : {}), reason: `As asked: a scatter of ${name(s.measures[1]!)} against ${name(s.measures[0]!)}.` });
    }
    case 'histogram': {
      const m = s.measures[0]!;
      return yes({ kind, x: m, y: [], reason: `As asked: a histogram of ${name(m)}.` });
    }
  }
}

function describeX(s: Shape, input: ChartInput): string {
  const c = s.categories[0];
  if (c !== undefined) return `${lower(humanizeColumn(input.columns[c]!.name))} as categories`;
  return 'only numbers';
}

export const KIND_NAMES: Record<ChartKind, string> = {
  line: 'line chart',
  area: 'area chart',
  bar: 'bar chart',
  grouped_bar: 'grouped bar chart',
  stacked_bar: 'stacked bar chart',
  scatter: 'scatter plot',
  histogram: 'histogram',
  pie: 'pie chart',
};

function yes(plan: ChartPlan): ChartChoice {
  return { ok: true, plan };
}

function no(reason: string): ChartChoice {
  return { ok: false, reason };
}

function lower(text: string): string {
  const first = text.split(' ')[0]!;
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * "List every film": one row per record, labelled by an id or by several text columns. A bar chart
 * of its first 15 ids would look like an answer and mean nothing.
 */
function isRecordList(s: Shape, input: ChartInput, category: number): boolean {
  // Two measures per record still make a scatter; only a single measure per record is refused.
  if (s.measures.length >= 2 || input.rows.length <= BAR_CATEGORY_LIMIT || s.distinct(category) < input.rows.length) return false;
  const idLike = /(^|_)id$/i.test(input.columns[category]!.name);
  return idLike || s.categories.length >= 3;
}
