// One statement, start to finish: attempt row first (before any work), guard, execute through the
// read-only executor, results (first page, CSV export, manifest), final status. Every path ends the
// attempt in one of the five final statuses with a short message a user understands.
import path from 'node:path';
import type { Clock } from '../lib/clock.ts';
import { isThreadsqlError, SqlRejectedError, ThreadsqlError, type ErrorCode } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { pagesDir } from '../results/page-files.ts';
import { createResultCollector } from '../results/result-collector.ts';
import { guardSql } from '../sql/guard.ts';
import type { Platform, SqlSource, Store } from '../store/store.ts';
import type { Cell, ColumnMeta, Warehouse } from '../warehouse/types.ts';
import { statusForError, type FinalStatus } from './attempt-status.ts';
import type { SchemaService } from './schema-service.ts';

export interface StatementLimits {
  dataDir: string;
  statementTimeoutMs: number;
  pageSize: number;
  exportRowLimit: number;
  maxRows: number;
}

export interface RunStatementDeps {
  store: Store;
  warehouse: Warehouse;
  schema: SchemaService;
  limits: StatementLimits;
  clock: Clock;
  logger: Logger;
}

export interface StatementRequest {
  userId: string;
  platform: Platform;
  sql: string;
  sqlSource: SqlSource;
  question?: string;
  sessionId?: string;
  originalAttemptId?: string;
  signal?: AbortSignal;
}

export interface StatementResult {
  columns: ColumnMeta[];
  firstPage: Cell[][];
  totalRows: number;
  pageSize: number;
  pageCount: number;
  /** Reading stopped at THREADSQL_MAX_ROWS: the true total may be higher. */
  capped: boolean;
  csvPath: string;
  exportRowCount: number;
  exportTruncated: boolean;
  relations: string[];
}

export type StatementOutcome =
  | { ok: true; attemptId: string; status: 'success'; sql: string; result: StatementResult; message: string; executionMs: number }
  | { ok: false; attemptId: string; status: FinalStatus; sql: string; errorCode: ErrorCode; message: string; rule?: string; executionMs?: number };

// Guard rules that have their own error code; every other refusal is 'sql_rejected'.
const RULE_CODES: Record<string, ErrorCode> = { empty: 'sql_empty', too_long: 'sql_too_long' };

export async function runStatement(deps: RunStatementDeps, req: StatementRequest): Promise<StatementOutcome> {
  // Audit first: if this write fails we refuse to run anything (the caller sees the store error).
  const attemptId = await deps.store.attempts.start({
    userId: req.userId,
    platform: req.platform,
    sessionId: req.sessionId,
    question: req.question,
    sql: req.sql,
    sqlSource: req.sqlSource,
    originalAttemptId: req.originalAttemptId,
  });
  return executeForAttempt(deps, attemptId, req.sql, { signal: req.signal });
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** Called when the statement is sent to the warehouse (adapters show "running the query…"). */
  onRunning?: () => void;
}

/**
 * Guard, execute and record the results of `sql` for an attempt that is already written (open).
 * Always ends the attempt in a final status, whatever happens.
 */
export async function executeForAttempt(
  deps: RunStatementDeps,
  attemptId: string,
  rawSql: string,
  options: ExecuteOptions = {},
): Promise<StatementOutcome> {
  const log = deps.logger.child({ module: 'run-statement' });
  const exportPath = path.join(deps.limits.dataDir, 'exports', `${attemptId}.csv`);
  const collector = createResultCollector({
    pageSize: deps.limits.pageSize,
    exportRowLimit: deps.limits.exportRowLimit,
    exportPath,
    pagesDir: pagesDir(deps.limits.dataDir, attemptId),
  });
  let executionStarted: number | undefined;
  let sql = rawSql;

  try {
    const schema = await deps.schema.ensure();
    const verdict = await guardSql(rawSql, schema.catalog);
    if (!verdict.ok) {
      const code = RULE_CODES[verdict.rule];
      throw code ? new ThreadsqlError(code, verdict.reason) : new SqlRejectedError(verdict.reason, verdict.rule);
    }
    sql = verdict.sql;
    await deps.store.attempts.markExecuting(attemptId);
    options.onRunning?.();
    executionStarted = deps.clock.monotonicMs();
    const executedAt = deps.clock.now();
    const summary = await deps.warehouse.stream(
      sql,
      {
        timeoutMs: deps.limits.statementTimeoutMs,
        maxRows: deps.limits.maxRows,
        batchSize: Math.min(Math.max(deps.limits.pageSize, 100), 1000),
        signal: options.signal,
      },
      collector,
    );
    const collected = await collector.finish();
    const executionMs = Math.round(deps.clock.monotonicMs() - executionStarted);
    await deps.store.manifests.save({
      attemptId,
      columns: collected.columns,
      totalRows: collected.totalRows,
      rowCountCapped: summary.capped,
      pageSize: collected.pageSize,
      pageCount: collected.pageCount,
      exportRowLimit: collected.exportRowLimit,
      exportRowCount: collected.exportRowCount,
      exportTruncated: collected.exportTruncated,
      exportFilePath: collected.exportPath,
    });
    await deps.store.attempts.finish(attemptId, { status: 'success', executionMs, executedAt });
    log.info({ attemptId, status: 'success', rows: collected.totalRows, executionMs }, 'statement finished');
    const result: StatementResult = {
      columns: collected.columns,
      firstPage: collected.firstPage,
      totalRows: collected.totalRows,
      pageSize: collected.pageSize,
      pageCount: collected.pageCount,
      capped: summary.capped,
      csvPath: collected.exportPath,
      exportRowCount: collected.exportRowCount,
      exportTruncated: collected.exportTruncated,
      relations: verdict.relations,
    };
    return { ok: true, attemptId, status: 'success', sql, result, message: describeResult(result, deps.limits.maxRows), executionMs };
  } catch (err) {
    await collector.abort();
    const error = isThreadsqlError(err)
      ? err
      : new ThreadsqlError('internal', `Something went wrong inside threadsql; the attempt is recorded as ${attemptId}.`, { cause: err });
    const status = statusForError(error.code);
    const executionMs = executionStarted === undefined ? undefined : Math.round(deps.clock.monotonicMs() - executionStarted);
    await deps.store.attempts.finish(attemptId, {
      status,
      errorCode: error.code,
      error: error.userMessage,
      executionMs,
      executedAt: executionStarted === undefined ? undefined : deps.clock.now(),
    });
    const level = error.code === 'internal' ? 'error' : 'info';
    log[level]({ attemptId, status, code: error.code, err: error.code === 'internal' ? err : undefined }, 'statement failed');
    return {
      ok: false,
      attemptId,
      status,
      sql,
      errorCode: error.code,
      message: error.userMessage,
      rule: error instanceof SqlRejectedError ? error.rule : undefined,
      executionMs,
    };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** One or two sentences: how many rows, what is shown, and anything cut. */
export function describeResult(r: StatementResult, maxRows: number): string {
  const parts: string[] = [];
  if (r.totalRows === 0) parts.push('The query returned no rows.');
  else if (r.totalRows <= r.pageSize) parts.push(`${fmt(r.totalRows)} ${r.totalRows === 1 ? 'row' : 'rows'}.`);
  else parts.push(`${fmt(r.totalRows)} rows; showing page 1 of ${fmt(r.pageCount)} (${fmt(r.pageSize)} rows a page).`);
  if (r.capped) parts.push(`Reading stopped at the ${fmt(maxRows)}-row limit, so there may be more.`);
  if (r.exportTruncated) parts.push(`The CSV holds the first ${fmt(r.exportRowCount)} rows.`);
  return parts.join(' ');
}
