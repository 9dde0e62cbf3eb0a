// Charts: a result in → the chart a person would pick (or why none), its Vega-Lite spec, PNG and
// alt text out. Platform-agnostic and storage-free: no store, no files, no adapters in this folder
// (the engine saves the PNG and the spec; see chart-file.ts for where).
import { performance } from 'node:perf_hooks';
import { altTextFor, chartTitle } from './alt-text.ts';
import { buildSpec, type VegaLiteSpec } from './build-spec.ts';
import { prepareChartData, type ChartData } from './chart-data.ts';
import type { ChartInput, ChartOutcome, ChartPlan, ChartRequest } from './chart-types.ts';
import { chooseChart, KIND_NAMES } from './choose-chart.ts';
import { renderSpec } from './render-png.ts';

export interface DrawOptions {
  /** Draw axis labels and titles (default true; false only for tests proving labels were drawn). */
  axisLabels?: boolean;
}

/** Choose, build and render a chart for a result. Never throws for bad data: says why instead. */
export async function drawChart(input: ChartInput, request: ChartRequest = {}, options: DrawOptions = {}): Promise<ChartOutcome> {
  const t0 = performance.now();
  const choice = chooseChart(input, request);
  if (!choice.ok) return choice;
  const built = specFor(input, choice.plan, request, options);
  if (!built.ok) return built;
  const t1 = performance.now();
  const rendered = await renderSpec(built.spec);
  return {
    ok: true,
    png: rendered.png,
    svg: rendered.svg,
    spec: built.spec,
    altText: built.altText,
    plan: choice.plan,
    request,
    notes: built.data.notes,
    timings: { specMs: t1 - t0, svgMs: rendered.svgMs, pngMs: rendered.pngMs },
  };
}

export type BuiltSpec = { ok: true; spec: VegaLiteSpec; altText: string; data: ChartData } | { ok: false; reason: string };

/** The spec and alt text for a chosen plan, without rendering (the bench and restyles use it). */
export function specFor(input: ChartInput, plan: ChartPlan, request: ChartRequest, options: DrawOptions = {}): BuiltSpec {
  const data = prepareChartData(input, plan, request);
  if (request.logScale) {
    if (plan.kind === 'pie' || plan.kind === 'histogram' || plan.kind === 'stacked_bar') {
      data.notes.push(`A log scale does not fit a ${KIND_NAMES[plan.kind]}, so the scale is linear.`);
      request = { ...request, logScale: false };
    } else {
      const kept = data.records.filter((r) => r.y > 0 && (plan.kind !== 'scatter' || (r.x as number) > 0));
      const dropped = data.records.length - kept.length;
      if (kept.length === 0) return { ok: false, reason: 'A log scale needs values above zero, and this result has none.' };
      if (dropped > 0) data.notes.unshift(`Log scale: ${dropped} ${dropped === 1 ? 'value' : 'values'} at or below zero left out.`);
      data.records = kept;
    }
  }
  if (data.records.length === 0) return { ok: false, reason: 'Every value the chart would draw is empty (NULL), so there is no chart.' };
  const title = chartTitle(input.question, plan, input.columns.map((c) => c.name));
  const spec = buildSpec({ plan, request, data, title, ...(options.axisLabels === false ? { axisLabels: false } : {}) });
  const altText = altTextFor(plan, data, title);
  // Vega-Lite's own accessibility field: the saved spec keeps the alt text for reopened answers.
  spec.description = altText;
  return { ok: true, spec, altText, data };
}

/** The plan and request a saved spec was drawn with (for restyling), if it is one of ours. */
export function savedChartOf(spec: Record<string, unknown> | null | undefined): { plan: ChartPlan; request: ChartRequest } | undefined {
  const meta = (spec?.usermeta as { threadsql?: { plan?: ChartPlan; request?: ChartRequest } } | undefined)?.threadsql;
  return meta?.plan ? { plan: meta.plan, request: meta.request ?? {} } : undefined;
}
