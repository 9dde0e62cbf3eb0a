// Alt text for a drawn chart, from the same records the chart draws: its type, what it shows, the
// ranges and the top item — what a screen-reader user needs to get the chart's point.
import { formatCompactAll, formatDateAt, humanizeColumn } from '../lib/format-values.ts';
import type { ChartData, ChartRecord } from './chart-data.ts';
import type { ChartPlan } from './chart-types.ts';
import { KIND_NAMES } from './choose-chart.ts';
import { timeToIso } from './column-values.ts';

export function altTextFor(plan: ChartPlan, data: ChartData, title: string): string {
  const kind = capitalize(KIND_NAMES[plan.kind]);
  const records = data.records;
  if (records.length === 0) return `${kind} "${title}" with no values to draw.`;
  const measures = data.yTitle || (plan.series === undefined && data.seriesOrder ? listed(data.seriesOrder.map(lowerFirst)) : '');
  const what = measures && data.xTitle ? `${lowerFirst(measures)} ${plan.kind === 'line' || plan.kind === 'area' ? 'over' : 'by'} ${lowerFirst(data.xTitle)}` : lowerFirst(data.xTitle || data.yTitle);
  const series = data.seriesOrder && data.seriesOrder.length > 0 ? ` ${data.seriesOrder.length} series: ${listed(data.seriesOrder)}.` : '';
  switch (plan.kind) {
    case 'line':
    case 'area': {
      const xs = records.map((r) => r.x as number);
      const from = xLabel(data, Math.min(...xs));
      const to = xLabel(data, Math.max(...xs));
      const top = maxRecord(records);
      const [hi, lo] = formatCompactAll([top.y, minRecord(records).y]);
      return `${kind} of ${what} from ${from} to ${to}, ${records.length} points.${series} Values range from ${lo} to ${hi}; highest ${top.s ? `(${top.s}) ` : ''}at ${xLabel(data, top.x as number)}: ${hi}.`;
    }
    case 'bar':
    case 'pie': {
      const top = maxRecord(records);
      const low = minRecord(records);
      const [hi, lo] = formatCompactAll([top.y, low.y]);
      const total = records.reduce((sum, r) => sum + r.y, 0);
      const share = plan.kind === 'pie' && total > 0 ? ` (${Math.round((top.y / total) * 100)}% of the total)` : '';
      const unit = plan.kind === 'pie' ? 'slices' : 'bars';
      return `${kind} of ${what}, ${records.length} ${unit}, from ${lo} (${label(low)}) to ${hi} (${label(top)}). Largest: ${label(top)}, ${hi}${share}.`;
    }
    case 'grouped_bar':
    case 'stacked_bar': {
      const top = maxRecord(records);
      const low = minRecord(records);
      const [hi, lo] = formatCompactAll([top.y, low.y]);
      const groups = new Set(records.map((r) => r.x)).size;
      return `${kind} of ${what}, ${groups} groups.${series} Values range from ${lo} to ${hi}; largest: ${top.s} for ${label(top)}, ${hi}.`;
    }
    case 'scatter': {
      const xs = records.map((r) => r.x as number);
      const [xLo, xHi] = formatCompactAll([Math.min(...xs), Math.max(...xs)]);
      const [yLo, yHi] = formatCompactAll([minRecord(records).y, maxRecord(records).y]);
      return `${kind} of ${lowerFirst(data.yTitle)} against ${lowerFirst(data.xTitle)}, ${records.length} points.${series} ${data.xTitle} from ${xLo} to ${xHi}; ${lowerFirst(data.yTitle)} from ${yLo} to ${yHi}.`;
    }
    case 'histogram': {
      const xs = records.map((r) => r.x as number).sort((a, b) => a - b);
      const [lo, median, hi] = formatCompactAll([xs[0]!, xs[Math.floor(xs.length / 2)]!, xs[xs.length - 1]!]);
      return `${kind} of ${lowerFirst(data.xTitle)} over ${xs.length} rows, from ${lo} to ${hi}; median ${median}.`;
    }
  }
}

function xLabel(data: ChartData, x: number): string {
  if (data.xKind === 'time') return formatDateAt(timeToIso(x), data.granularity ?? 'day');
  return formatCompactAll([x])[0]!;
}

function label(r: ChartRecord): string {
  return r.full ?? String(r.x);
}

function maxRecord(records: ChartRecord[]): ChartRecord {
  return records.reduce((a, b) => (b.y > a.y ? b : a));
}

function minRecord(records: ChartRecord[]): ChartRecord {
  return records.reduce((a, b) => (b.y < a.y ? b : a));
}

function listed(items: string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
}

/** The chart's title: the question as asked (one line, ≤ 90 characters), or what it plots. */
export function chartTitle(question: string | null, plan: ChartPlan, columnNames: string[]): string {
  const asked = question?.replace(/\s+/g, ' ').trim().replace(/[?!.]+$/, '');
  if (asked) {
    const chars = [...asked];
    const text = chars.length > 90 ? `${chars.slice(0, 89).join('').trimEnd()}…` : asked;
    return capitalize(text);
  }
  const name = (i: number) => humanizeColumn(columnNames[i] ?? '');
  switch (plan.kind) {
    case 'histogram':
      return `Distribution of ${lowerFirst(name(plan.x))}`;
    case 'scatter':
      return `${name(plan.y[0]!)} against ${lowerFirst(name(plan.x))}`;
    default: {
      const measures = plan.y.map(name).join(', ');
      const joiner = plan.kind === 'line' || plan.kind === 'area' ? 'over' : 'by';
      return `${measures} ${joiner} ${lowerFirst(name(plan.x))}`;
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  const first = text.split(' ')[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
