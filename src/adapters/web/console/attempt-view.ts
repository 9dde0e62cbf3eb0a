// One earlier attempt shown again (History and Admin open it): the audit row plus its answer
// rebuilt as a WebReply the page renders like a live one — summary and receipt recomputed from the
// stored result (summarize.ts never uses the model), table page 1, chart, SQL, CSV. Reads only
// through the viewer-scoped store methods: another user's attempt is undefined ("not found").
import { open } from 'node:fs/promises';
import { chartPngPath } from '../../../charts/chart-file.ts';
import { fetchPage } from '../../../engine/result-pages.ts';
import { summarizeResult } from '../../../engine/summarize.ts';
import { guardSql } from '../../../sql/guard.ts';
import type { Viewer } from '../../../store/store.ts';
import type { RunStatementDeps } from '../../../engine/run-statement.ts';
import { attemptUrl, pngSize, webTable, type WebPart, type WebReply } from '../reply-json.ts';
import { attemptItem, type WebAttemptItem } from './attempt-json.ts';

export interface AttemptView {
  attempt: WebAttemptItem;
  reply: WebReply;
}

export async function attemptView(deps: RunStatementDeps, viewer: Viewer, attemptId: string): Promise<AttemptView | undefined> {
  const a = await deps.store.attempts.getForViewer(attemptId, viewer);
  if (!a) return undefined;
  const owner = a.userId === viewer.userId ? undefined : await deps.store.users.get(a.userId);
  const attempt = attemptItem(a, owner ? { id: owner.id, name: owner.displayName || owner.platformUserId } : undefined);
  const manifest = a.status === 'success' ? await deps.store.manifests.getForViewer(a.id, viewer) : undefined;
  const parts: WebPart[] = [];
  const base = { kind: 'answer' as const, attemptId: a.id, status: a.status };
  const feedbackActions = [
    { kind: 'feedback' as const, value: 'up' as const, label: '👍' },
    { kind: 'feedback' as const, value: 'down' as const, label: '👎' },
  ];

  if (!manifest) {
    const message = a.error ?? (a.status === 'pending' ? 'This question is still running.' : `This attempt ended as ${a.status.replace('_', ' ')}.`);
    parts.push({ kind: 'notice', tone: a.status === 'pending' ? 'info' : 'error', text: message });
    if (a.generatedSql) parts.push({ kind: 'sql', sql: a.generatedSql });
    return { attempt, reply: { ...base, kind: a.status === 'pending' ? 'command' : 'error', text: message, parts, actions: a.generatedSql ? [{ kind: 'show_sql', label: 'Show SQL' }] : [] } };
  }

  const page = await fetchPage(deps, viewer, a.id, 1);
  let text: string;
  if (page.ok) {
    const catalog = deps.schema.current()?.catalog;
    const verdict = catalog && a.generatedSql ? await guardSql(a.generatedSql, catalog) : undefined;
    const { summary, receipt } = summarizeResult({
      question: a.naturalLanguageQuery,
      columns: manifest.columns,
      rows: page.rows,
      totalRows: manifest.totalRows,
      capped: manifest.rowCountCapped,
      exportRowCount: manifest.exportRowCount,
      exportTruncated: manifest.exportTruncated,
      relations: verdict?.ok ? verdict.relations : [],
    });
    text = `${summary}\n${receipt}`;
    parts.push({ kind: 'table', ...webTable(page.columns, page.rows, page) });
    if (page.source === 'rerun') parts.push({ kind: 'notice', tone: 'info', text: page.message });
  } else {
    text = page.message;
    parts.push({ kind: 'notice', tone: 'warning', text: page.message });
  }
  if (manifest.chartSpec) {
    const size = await chartSize(chartPngPath(deps.limits.dataDir, a.id));
    const described = manifest.chartSpec.description;
    const altText = typeof described === 'string' && described ? described : 'Chart of this result, drawn when it was asked.';
    if (size) parts.push({ kind: 'chart', url: attemptUrl(a.id, 'chart.png'), altText, ...size });
  }
  if (a.generatedSql) parts.push({ kind: 'sql', sql: a.generatedSql });
  if (manifest.exportFilePath) parts.push({ kind: 'csv', url: attemptUrl(a.id, 'export.csv'), rowCount: manifest.exportRowCount, truncated: manifest.exportTruncated });
  return {
    attempt,
    reply: {
      ...base,
      text,
      parts,
      actions: [...(a.generatedSql ? [{ kind: 'show_sql' as const, label: 'Show SQL' }] : []), { kind: 'retry', label: 'Retry', command: `retry ${a.id}` }, ...feedbackActions],
    },
  };
}

/** The chart's pixel size from its PNG header, or undefined when the file is gone. */
async function chartSize(file: string): Promise<{ width: number | null; height: number | null } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined; // no PNG (cleaned up, or never drawn): the answer is shown without a chart
  }
  try {
    const header = new Uint8Array(24);
    const { bytesRead } = await handle.read(header, 0, 24, 0);
    return bytesRead === 24 ? pngSize(header) : undefined;
  } finally {
    await handle.close();
  }
}
