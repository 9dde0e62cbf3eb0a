// Turns the outcome of a statement into the Reply every adapter renders: summary and receipt in the
// text, then the table, the SQL, the CSV; actions for the next page, retry and feedback.
import type { Reply, ReplyAction, ReplyPart } from './reply.ts';
import type { StatementOutcome } from './run-statement.ts';
import { summarizeResult, type SummaryInput } from './summarize.ts';

export interface AnswerContext {
  question: string | null;
  kbMatch?: SummaryInput['kbMatch'];
  fromCache?: boolean;
  /** A sentence to put before the summary (e.g. "I asked the model to fix the first query."). */
  preface?: string;
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
