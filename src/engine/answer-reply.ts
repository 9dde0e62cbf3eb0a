// Turns the outcome of a statement into the Reply every adapter renders: summary and receipt in the
// text, then the table, the chart, the SQL, the CSV; actions for the next page, retry and feedback.
// replyWithChart draws the chart first (PNG under the data dir, spec beside the manifest).
import { writeChartPng } from '../charts/chart-file.ts';
import type { ChartOutcome, ChartRequest } from '../charts/chart-types.ts';
import { drawChart } from '../charts/draw-chart.ts';
import type { Logger } from '../lib/logger.ts';
import { readExportRows } from '../results/export-page-reader.ts';
import type { Store } from '../store/store.ts';
import type { Cell } from '../warehouse/types.ts';
import type { Reply, ReplyAction, ReplyPart } from './reply.ts';
import type { StatementOutcome } from './run-statement.ts';
import { summarizeResult, type SummaryInput } from './summarize.ts';

export interface AnswerContext {
  question: string | null;
  kbMatch?: SummaryInput['kbMatch'];
  fromCache?: boolean;
  /** A sentence to put before the summary (e.g. "I asked the model to fix the first query."). */
  preface?: string;
  /** The chart drawn for this answer, or why there is none (see chartForOutcome). */
  chart?: ChartOutcome;
}

/** What drawing and keeping a chart needs: the store (for the spec), the data dir (for the PNG). */
export interface ChartDeps {
  store: Pick<Store, 'manifests'>;
  limits: { dataDir: string };
  logger: Logger;
}

/** First 8 characters of an attempt id: what replies show and commands accept. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function replyForOutcome(outcome: StatementOutcome, ctx: AnswerContext): Reply {
  if (!outcome.ok) {
    const parts: ReplyPart[] = [{ kind: 'notice', tone: 'error', text: outcome.message }];
    if (outcome.sql.trim()) parts.push({ kind: 'sql', sql: outcome.sql });
    return {
      kind: 'error',
      text: [ctx.preface, `${outcome.message} (attempt ${shortId(outcome.attemptId)}, ${outcome.status.replace('_', ' ')})`].filter(Boolean).join(' '),
      parts,
      actions: [{ kind: 'retry', attemptId: outcome.attemptId, label: 'Retry' }],
      attemptId: outcome.attemptId,
      status: outcome.status,
    };
  }
  const r = outcome.result;
  const { summary, receipt } = summarizeResult({
    question: ctx.question,
    columns: r.columns,
    rows: r.firstPage,
    totalRows: r.totalRows,
    capped: r.capped,
    exportRowCount: r.exportRowCount,
    exportTruncated: r.exportTruncated,
    relations: r.relations,
    kbMatch: ctx.kbMatch,
    fromCache: ctx.fromCache,
  });
  const parts: ReplyPart[] = [
    { kind: 'table', columns: r.columns, rows: r.firstPage, page: 1, pageCount: r.pageCount, pageSize: r.pageSize, totalRows: r.totalRows },
    ...chartParts(ctx.chart, r.totalRows),
    { kind: 'sql', sql: outcome.sql },
    { kind: 'csv', path: r.csvPath, rowCount: r.exportRowCount, truncated: r.exportTruncated },
  ];
  const actions: ReplyAction[] = [];
  if (r.pageCount > 1) actions.push({ kind: 'page', attemptId: outcome.attemptId, page: 2, label: 'Next page' });
  actions.push(
    { kind: 'show_sql', attemptId: outcome.attemptId, label: 'Show SQL' },
    { kind: 'retry', attemptId: outcome.attemptId, label: 'Retry' },
    { kind: 'feedback', attemptId: outcome.attemptId, value: 'up', label: '👍' },
    { kind: 'feedback', attemptId: outcome.attemptId, value: 'down', label: '👎' },
  );
  return {
    kind: 'answer',
    text: [ctx.preface, summary, receipt].filter(Boolean).join('\n'),
    parts,
    actions,
    attemptId: outcome.attemptId,
    status: 'success',
  };
}

// The chart as a part, or the reason there is none as a plain note. A single row needs no note:
// its value is already the summary.
function chartParts(chart: ChartOutcome | undefined, totalRows: number): ReplyPart[] {
  if (!chart) return [];
  if (chart.ok) return [{ kind: 'chart', png: chart.png, altText: chart.altText, specJson: JSON.stringify(chart.spec) }];
  if (totalRows <= 1) return [];
  return [{ kind: 'notice', tone: 'info', text: `No chart: ${lowerFirst(chart.reason)}` }];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Draw the chart for a successful outcome from its rows (the first page, or the CSV export when the
 * result is longer than a page), save the PNG under <dataDir>/charts and the spec beside the
 * manifest. Never throws: a chart that fails to draw is logged and reported as "no chart".
 */
export async function chartForOutcome(
  deps: ChartDeps,
  outcome: StatementOutcome,
  question: string | null,
  request: ChartRequest = {},
): Promise<ChartOutcome | undefined> {
  if (!outcome.ok) return undefined;
  const r = outcome.result;
  try {
    let rows: Cell[][] = r.firstPage;
    if (r.totalRows > rows.length && r.exportRowCount > rows.length) {
      rows = await readExportRows(r.csvPath, r.columns, 0, r.exportRowCount);
    }
    const chart = await drawChart({ question, columns: r.columns, rows, totalRows: r.totalRows, capped: r.capped }, request);
    if (chart.ok) {
      await writeChartPng(deps.limits.dataDir, outcome.attemptId, chart.png);
      await deps.store.manifests.saveChartSpec(outcome.attemptId, chart.spec);
      deps.logger.info(
        { module: 'charts', attemptId: outcome.attemptId, kind: chart.plan.kind, svgMs: Math.round(chart.timings.svgMs), pngMs: Math.round(chart.timings.pngMs) },
        'chart drawn',
      );
    }
    return chart;
  } catch (err) {
    deps.logger.warn({ module: 'charts', attemptId: outcome.attemptId, err }, 'chart failed');
    return { ok: false, reason: 'The chart could not be drawn this time; the table and the CSV have the whole answer.' };
  }
}

/** replyForOutcome with the chart drawn first (the engine's usual path for answers). */
export async function replyWithChart(deps: ChartDeps, outcome: StatementOutcome, ctx: AnswerContext): Promise<Reply> {
  const chart = ctx.chart ?? (await chartForOutcome(deps, outcome, ctx.question));
  return replyForOutcome(outcome, chart ? { ...ctx, chart } : ctx);
}
