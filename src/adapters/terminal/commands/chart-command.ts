// `threadsql chart <attemptId> [--type line|bar|…] [--out file.png] [--json]`: draw an earlier
// result's chart from its CSV export (no query runs) and write the PNG.
import { writeFile } from 'node:fs/promises';
import type { App } from '../../../app.ts';
import { CHART_KINDS, type ChartKind } from '../../../charts/chart-types.ts';
import { shortId } from '../../../engine/answer-reply.ts';
import { drawAttemptChart } from '../../../engine/restyle-chart.ts';
import { terminalViewer } from '../terminal-user.ts';
import { EXIT, printError, printJson, printLine } from '../output.ts';

/** "bar", "grouped-bar", "grouped_bar" → a ChartKind; undefined for anything else. */
export function parseChartType(text: string): ChartKind | undefined {
  const kind = text.trim().toLowerCase().replace(/-/g, '_');
  return (CHART_KINDS as readonly string[]).includes(kind) ? (kind as ChartKind) : undefined;
}

export const CHART_TYPES_TEXT = CHART_KINDS.map((k) => k.replace(/_/g, '-')).join('|');

export async function chartCommand(app: App, attemptId: string, options: { type?: string; out?: string; json: boolean }): Promise<number> {
  const kind = options.type ? parseChartType(options.type) : undefined;
  if (options.type && !kind) {
    printError(`unknown chart type "${options.type}"; use one of ${CHART_TYPES_TEXT}`);
    return EXIT.usage;
  }
  const viewer = await terminalViewer(app.store);
  const drawn = await drawAttemptChart(app.statementDeps, viewer, attemptId, kind ? { kind } : {});
  if (!drawn.ok) {
    if (options.json) printJson({ attemptId: drawn.attemptId, ok: false, message: drawn.message });
    else printError(drawn.message);
    return EXIT.failed;
  }
  const out = options.out ?? `${shortId(drawn.attemptId)}-chart.png`;
  await writeFile(out, drawn.chart.png);
  if (options.json) {
    printJson({ attemptId: drawn.attemptId, ok: true, kind: drawn.chart.plan.kind, path: out, altText: drawn.chart.altText, notes: drawn.chart.notes, spec: drawn.chart.spec });
  } else {
    printLine(`${drawn.chart.altText}`);
    if (drawn.chart.notes.length > 0) printLine(drawn.chart.notes.join(' '));
    printLine(`PNG saved to ${out}`);
  }
  return EXIT.ok;
}
