// `threadsql kb check`: every knowledge-base file parsed, guarded and run (read-only, small row cap),
// one result per file. Shipped examples that no longer run are found here, not by a user.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isThreadsqlError } from '../lib/errors.ts';
import { guardSql, type RelationCatalog } from '../sql/guard.ts';
import type { Warehouse } from '../warehouse/types.ts';
import { parseKbFile } from './parse-kb-file.ts';

export interface KbCheckResult {
  file: string;
  ok: boolean;
  question?: string;
  rows?: number;
  ms?: number;
  problem?: string;
}

export async function listKbFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

export async function checkKbFile(
  file: string,
  deps: { catalog: RelationCatalog; warehouse: Warehouse; timeoutMs: number },
): Promise<KbCheckResult> {
  const name = path.basename(file);
  const parsed = parseKbFile(await readFile(file, 'utf8'));
  if (!parsed.ok) return { file: name, ok: false, problem: parsed.reason };
  const { question, sql } = parsed.example;
  const verdict = await guardSql(sql, deps.catalog);
  if (!verdict.ok) return { file: name, ok: false, question, problem: `refused by the guard: ${verdict.reason}` };
  const started = performance.now();
  let rows = 0;
  try {
    await deps.warehouse.stream(
      verdict.sql,
      { timeoutMs: deps.timeoutMs, maxRows: 1000, batchSize: 500 },
      { columns: () => undefined, rows: (b) => void (rows += b.length) },
    );
  } catch (err) {
    const problem = isThreadsqlError(err) ? err.userMessage : String(err);
    return { file: name, ok: false, question, problem: `failed to run: ${problem}` };
  }
  return { file: name, ok: true, question, rows, ms: Math.round(performance.now() - started) };
}
