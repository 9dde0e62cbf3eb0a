// Any page of an earlier result, by attempt id: from the CSV export when it covers the page, else by
// running the same SQL again, read-only, and saying so (the data may have changed since). Only the
// attempt's owner, or an admin, can read it: the store's viewer-scoped reads enforce that.
import { access } from 'node:fs/promises';
import { isThreadsqlError, ThreadsqlError, type ErrorCode } from '../lib/errors.ts';
import { readExportRows } from '../results/export-page-reader.ts';
import { pagesDir, readPage } from '../results/page-files.ts';
import { guardSql } from '../sql/guard.ts';
import type { Viewer } from '../store/store.ts';
import type { Cell, ColumnMeta } from '../warehouse/types.ts';
import type { RunStatementDeps } from './run-statement.ts';

export type PageOutcome =
  | {
      ok: true;
      attemptId: string;
      page: number;
      pageCount: number;
      pageSize: number;
      totalRows: number;
      columns: ColumnMeta[];
      rows: Cell[][];
      source: 'export' | 'rerun';
      message: string;
    }
  | { ok: false; attemptId: string; errorCode: ErrorCode; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

export async function fetchPage(
  deps: RunStatementDeps,
  viewer: Viewer,
  attemptId: string,
  page: number,
  signal?: AbortSignal,
): Promise<PageOutcome> {
  const fail = (errorCode: ErrorCode, message: string): PageOutcome => ({ ok: false, attemptId, errorCode, message });
  // Same answer for "does not exist" and "not yours": ids of other people's attempts reveal nothing.
  const manifest = await deps.store.manifests.getForViewer(attemptId, viewer);
  if (!manifest) return fail('not_found', `There is no result ${attemptId} that you can see.`);
  if (!Number.isInteger(page) || page < 1 || page > manifest.pageCount) {
    return fail('not_found', `Result ${attemptId} has ${manifest.pageCount === 1 ? '1 page' : `${fmt(manifest.pageCount)} pages`}; page ${page} does not exist.`);
  }
  const offset = (page - 1) * manifest.pageSize;
  const wanted = Math.min(manifest.pageSize, manifest.totalRows - offset);
  const base = { ok: true as const, attemptId, page, pageCount: manifest.pageCount, pageSize: manifest.pageSize, totalRows: manifest.totalRows, columns: manifest.columns };

  const kept = offset + wanted <= manifest.exportRowCount ? await readPage(pagesDir(deps.limits.dataDir, attemptId), page) : undefined;
  if (kept && kept.length === wanted) {
    return { ...base, rows: kept, source: 'export', message: pageMessage(page, manifest.pageCount, offset, kept.length, manifest.totalRows) };
  }
  if (offset + wanted <= manifest.exportRowCount && manifest.exportFilePath && (await exists(manifest.exportFilePath))) {
    const rows = await readExportRows(manifest.exportFilePath, manifest.columns, offset, wanted);
    return { ...base, rows, source: 'export', message: pageMessage(page, manifest.pageCount, offset, rows.length, manifest.totalRows) };
  }

  // Past the export (or the file is gone): run the SQL again, read-only, up to the end of this page.
  const attempt = await deps.store.attempts.getForViewer(attemptId, viewer);
  const sql = attempt?.generatedSql;
  if (!sql) return fail('not_found', `Result ${attemptId} has no SQL to run again.`);
  try {
    const schema = await deps.schema.ensure();
    const verdict = await guardSql(sql, schema.catalog);
    if (!verdict.ok) return fail('sql_rejected', `The SQL of ${attemptId} no longer passes the guard: ${verdict.reason}`);
    const rows: Cell[][] = [];
    let seen = 0;
    await deps.warehouse.stream(
      verdict.sql,
      { timeoutMs: deps.limits.statementTimeoutMs, maxRows: offset + wanted, batchSize: 1000, signal },
      {
        columns: () => undefined,
        rows: (batch) => {
          for (const row of batch) {
            if (seen >= offset) rows.push(row);
            seen++;
          }
        },
      },
    );
    deps.logger.info({ attemptId, page, rows: rows.length }, 'page read again from the warehouse');
    return {
      ...base,
      rows,
      source: 'rerun',
      message: `${pageMessage(page, manifest.pageCount, offset, rows.length, manifest.totalRows)} This page is past the CSV export, so the query ran again just now; the data may have changed since the first run.`,
    };
  } catch (err) {
    if (isThreadsqlError(err)) return fail(err.code, err.userMessage);
    throw new ThreadsqlError('internal', 'Something went wrong reading that page.', { cause: err });
  }
}

function pageMessage(page: number, pageCount: number, offset: number, count: number, total: number): string {
  if (count === 0) return `Page ${page} of ${fmt(pageCount)}: no rows.`;
  return `Page ${page} of ${fmt(pageCount)}: rows ${fmt(offset + 1)}–${fmt(offset + count)} of ${fmt(total)}.`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false; // deleted or moved export: fall back to running the query again
  }
}
