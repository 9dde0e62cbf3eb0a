// Chart follow-ups that need no new SQL: "as a line chart", "bar instead", "stacked", "log scale",
// "top 5 only", "sort by name", "by week". Recognised from the text; drawn again from the earlier
// attempt's rows (its CSV export) and recorded as a new attempt whose original_attempt_id is the earlier one.
import { access } from 'node:fs/promises';
import { writeChartPng } from '../charts/chart-file.ts';
import type { ChartKind, ChartRequest, DrawnChart, TimeStep } from '../charts/chart-types.ts';
import { KIND_NAMES } from '../charts/choose-chart.ts';
import { drawChart, savedChartOf } from '../charts/draw-chart.ts';
import { readExportRows } from '../results/export-page-reader.ts';
import type { Platform, Store, Viewer } from '../store/store.ts';
import type { Cell } from '../warehouse/types.ts';
import type { ChartDeps } from './answer-reply.ts';
import { shortId } from './answer-reply.ts';
import type { Reply, ReplyAction } from './reply.ts';

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20 };

// Words that carry no meaning of their own in a restyle ("can you show it as a bar chart instead
// please"); if anything else is left once the recognised phrases are gone, the message is a new
// question (e.g. "revenue by week for Europe") and goes to the model.
const FILLER = new Set(
  'a an the as it this that these those chart charts graph graphs plot diagram visual instead please pls can could would you me us show draw make use do it\'s its switch change turn to into in on with now same but and then again rather only just try let see view display redraw render give scale axis type style one version of mode sorted sort order ordered by per'.split(
    ' ',
  ),
);

const KIND_PATTERNS: Array<[RegExp, ChartKind]> = [
  [/\bstack(ed)?\s+(bars?|columns?|bar\s+charts?)\b|\bstack(ed|\s+them|\s+it)?\b/, 'stacked_bar'],
  [/\bgrouped\s+(bars?|columns?)\b|\bside[-\s]by[-\s]side\b/, 'grouped_bar'],
  [/\bline(s)?\b|\btrend\s?line\b/, 'line'],
  [/\barea\b/, 'area'],
  [/\b(bar|column)s?\b|\bbar\s?chart\b/, 'bar'],
  [/\b(pie|donut|doughnut)\b/, 'pie'],
  [/\bscatter(\s?plot)?\b|\bdots\b|\bpoints\b/, 'scatter'],
  [/\bhistogram\b|\bdistribution\b/, 'histogram'],
];

const STEPS: Array<[RegExp, TimeStep]> = [
  [/\b(by|per)\s+day\b|\bdaily\b/, 'day'],
  [/\b(by|per)\s+week\b|\bweekly\b/, 'week'],
  [/\b(by|per)\s+month\b|\bmonthly\b/, 'month'],
  [/\b(by|per)\s+quarter\b|\bquarterly\b/, 'quarter'],
  [/\b(by|per)\s+year\b|\byearly\b|\bannual(ly)?\b/, 'year'],
];

/**
 * The chart change a short follow-up asks for, or undefined when the message is anything else
 * (a new question, a filter, a command). Only changes to how the same rows are drawn.
 */
export function restyleFromText(text: string): ChartRequest | undefined {
  let rest = ` ${text.toLowerCase().replace(/[“”"'’.,!?;:()]/g, ' ').replace(/\s+/g, ' ').trim()} `;
  if (rest.length > 80) return undefined;
  const request: ChartRequest = {};
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const m = pattern.exec(rest);
    if (m) rest = rest.replace(pattern, ' ');
    return m;
  };

  if (take(/\b(log(arithmic)?|log-scale)\b(\s+(scale|axis|y))?/)) request.logScale = true;
  else if (take(/\b(linear)\b(\s+(scale|axis))?/)) request.logScale = false;

  const top = take(/\b(top|first|largest|biggest)\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\b/);
  if (top) {
    const n = /^\d+$/.test(top[2]!) ? Number(top[2]) : NUMBER_WORDS[top[2]!]!;
    if (n < 1) return undefined;
    request.top = n;
  }

  if (take(/\b(sort(ed)?|order(ed)?)\s+(by|on)\s+(name|names|label|labels|alphabet)\b|\balphabetical(ly)?\b|\ba\s?-\s?z\b/)) request.sort = 'name';
  else if (take(/\b(sort(ed)?|order(ed)?)\s+(by|on)\s+(value|values|size|amount|count|total)\b|\blargest\s+first\b|\bbiggest\s+first\b/)) request.sort = 'value';

  for (const [pattern, step] of STEPS) {
    if (take(pattern)) {
      request.timeStep = step;
      break;
    }
  }

  for (const [pattern, kind] of KIND_PATTERNS) {
    if (take(pattern)) {
      request.kind = kind;
      break;
    }
  }

  if (Object.keys(request).length === 0) return undefined;
  const leftover = rest.split(' ').filter((w) => w && !FILLER.has(w));
  return leftover.length === 0 ? request : undefined;
}

export interface RestyleDeps extends ChartDeps {
  store: Pick<Store, 'manifests' | 'attempts'>;
}

export interface RestyleContext {
  platform?: Platform;
  sessionId?: string;
  /** The follow-up as the user wrote it (recorded as the new attempt's question). */
  text?: string;
}

/**
 * Draw attempt `attemptId`'s rows again with `request` (merged over the request its chart was drawn
 * with), recorded as a new attempt. The viewer must be able to see the earlier attempt.
 */
export async function restyleAttempt(
  deps: RestyleDeps,
  viewer: Viewer,
  attemptId: string,
  request: ChartRequest,
  context: RestyleContext = {},
): Promise<Reply> {
  const { store } = deps;
  const loaded = await loadAttemptRows(deps, viewer, attemptId);
  if (!loaded.ok) return notice(loaded.tone, loaded.message);
  const { manifest, earlier, rows, exportPath } = loaded;

  const previous = savedChartOf(manifest.chartSpec);
  const merged: ChartRequest = { ...previous?.request, ...request };
  // A new chart type starts from that type's defaults for sorting and cut-offs, unless asked again.
  if (request.kind && previous?.request.kind !== request.kind) {
    if (request.top === undefined) delete merged.top;
    if (request.sort === undefined) delete merged.sort;
  }

  const newId = await store.attempts.start({
    userId: viewer.userId,
    platform: context.platform ?? earlier.platform,
    sessionId: context.sessionId ?? earlier.sessionId,
    question: context.text ?? describeRequest(request),
    sql: earlier.generatedSql,
    sqlSource: earlier.sqlSource ?? 'user',
    originalAttemptId: attemptId,
  });
  try {
    const chart = await drawChart(
      { question: earlier.naturalLanguageQuery, columns: manifest.columns, rows, totalRows: manifest.totalRows, capped: manifest.rowCountCapped },
      merged,
    );
    if (!chart.ok) {
      await store.attempts.finish(newId, { status: 'not_executed', error: chart.reason });
      return { ...notice('info', `No new chart: ${lowerFirst(chart.reason)}`), kind: 'answer', attemptId: newId, status: 'not_executed' };
    }
    await writeChartPng(deps.limits.dataDir, newId, chart.png);
    const { attemptId: _old, createdAt: _created, chartSpec: _spec, ...copied } = manifest;
    await store.manifests.save({ ...copied, attemptId: newId, chartSpec: chart.spec });
    await store.attempts.finish(newId, { status: 'success', executionMs: 0 });
    deps.logger.info({ module: 'restyle-chart', attemptId: newId, originalAttemptId: attemptId, kind: chart.plan.kind }, 'chart redrawn');
    const actions: ReplyAction[] = [
      { kind: 'show_sql', attemptId: newId, label: 'Show SQL' },
      { kind: 'feedback', attemptId: newId, value: 'up', label: '👍' },
      { kind: 'feedback', attemptId: newId, value: 'down', label: '👎' },
    ];
    const { kind: _kind, ...others } = request;
    const extra = Object.keys(others).length > 0 ? `, ${describeRequest(others)}` : '';
    return {
      kind: 'answer',
      text: `Redrew the result of ${shortId(attemptId)} as a ${KIND_NAMES[chart.plan.kind]}${extra}; no new query ran. ${chart.notes.join(' ')}`.trim(),
      parts: [
        { kind: 'chart', png: chart.png, altText: chart.altText, specJson: JSON.stringify(chart.spec) },
        { kind: 'csv', path: exportPath, rowCount: manifest.exportRowCount, truncated: manifest.exportTruncated },
      ],
      actions,
      attemptId: newId,
      status: 'success',
    };
  } catch (err) {
    deps.logger.warn({ module: 'restyle-chart', attemptId: newId, err }, 'chart redraw failed');
    await store.attempts.finish(newId, { status: 'failed_execution', errorCode: 'internal', error: 'The chart could not be drawn again.' });
    return { ...notice('error', `The chart of ${shortId(attemptId)} could not be drawn again (attempt ${shortId(newId)}).`), attemptId: newId, status: 'failed_execution' };
  }
}

type Loaded =
  | {
      ok: true;
      manifest: NonNullable<Awaited<ReturnType<Store['manifests']['getForViewer']>>>;
      earlier: NonNullable<Awaited<ReturnType<Store['attempts']['getForViewer']>>>;
      rows: Cell[][];
      exportPath: string;
    }
  | { ok: false; tone: 'error' | 'warning'; message: string };

/** An earlier attempt's rows, read back from its CSV export, if the viewer may see it. */
async function loadAttemptRows(deps: RestyleDeps, viewer: Viewer, attemptId: string): Promise<Loaded> {
  const manifest = await deps.store.manifests.getForViewer(attemptId, viewer);
  const earlier = manifest ? await deps.store.attempts.getForViewer(attemptId, viewer) : undefined;
  // Same answer for "does not exist" and "not yours": ids of other people's attempts reveal nothing.
  if (!manifest || !earlier) return { ok: false, tone: 'error', message: `There is no result ${shortId(attemptId)} that you can see.` };
  const exportPath = manifest.exportFilePath;
  if (!exportPath || manifest.exportRowCount === 0 || !(await exists(exportPath))) {
    return { ok: false, tone: 'warning', message: `The rows of ${shortId(attemptId)} are no longer on disk, so I cannot draw its chart; ask the question again to run it.` };
  }
  const rows = await readExportRows(exportPath, manifest.columns, 0, manifest.exportRowCount);
  return { ok: true, manifest, earlier, rows, exportPath };
}

export type AttemptChart = { ok: true; attemptId: string; chart: DrawnChart } | { ok: false; attemptId: string; message: string };

/**
 * Draw an earlier attempt's chart without recording anything (the CLI's `chart` command): accepts
 * an id or an 8+ character prefix the viewer can see.
 */
export async function drawAttemptChart(deps: RestyleDeps, viewer: Viewer, idOrPrefix: string, request: ChartRequest): Promise<AttemptChart> {
  const attemptId = (await deps.store.attempts.resolveIdForViewer(idOrPrefix, viewer)) ?? idOrPrefix;
  const loaded = await loadAttemptRows(deps, viewer, attemptId);
  if (!loaded.ok) return { ok: false, attemptId, message: loaded.message };
  const { manifest, earlier, rows } = loaded;
  const previous = savedChartOf(manifest.chartSpec);
  const merged: ChartRequest = request.kind ? request : { ...previous?.request, ...request };
  const chart = await drawChart({ question: earlier.naturalLanguageQuery, columns: manifest.columns, rows, totalRows: manifest.totalRows, capped: manifest.rowCountCapped }, merged);
  return chart.ok ? { ok: true, attemptId, chart } : { ok: false, attemptId, message: `No chart for ${shortId(attemptId)}: ${lowerFirst(chart.reason)}` };
}

/** "log scale, top 5" — what was asked, in words. */
export function describeRequest(request: ChartRequest): string {
  const parts: string[] = [];
  if (request.kind) parts.push(`as a ${KIND_NAMES[request.kind]}`);
  if (request.logScale === true) parts.push('on a log scale');
  if (request.logScale === false) parts.push('on a linear scale');
  if (request.top !== undefined) parts.push(`top ${request.top} only`);
  if (request.sort === 'name') parts.push('sorted by name');
  if (request.sort === 'value') parts.push('sorted by value');
  if (request.timeStep) parts.push(`by ${request.timeStep}`);
  return parts.length > 0 ? parts.join(', ') : 'redrawn';
}

function notice(tone: 'info' | 'warning' | 'error', text: string): Reply {
  return { kind: tone === 'error' ? 'error' : 'answer', text, parts: [{ kind: 'notice', tone, text }], actions: [] };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false; // deleted or moved export: the caller says the rows are gone
  }
}
