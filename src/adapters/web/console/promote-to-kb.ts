// "Promote to knowledge base": a successful answer becomes a kb/*.sql example, written into the
// configured KB folder under a fresh slug name (write-kb-example.ts: never overwrites, never
// leaves the folder), checked the way `threadsql kb check` checks it (parsed, guarded, run
// read-only), and indexed at once, so the next identical question is answered from it. A file
// that fails any step is removed again: the KB never keeps an example that does not work.
import { rm } from 'node:fs/promises';
import { checkKbFile } from '../../../kb/check-kb.ts';
import type { KnowledgeBase } from '../../../kb/kb-index.ts';
import { writeKbExample } from '../../../kb/write-kb-example.ts';
import type { SchemaService } from '../../../engine/schema-service.ts';
import { guardSql } from '../../../sql/guard.ts';
import type { Store, Viewer } from '../../../store/store.ts';
import type { Warehouse } from '../../../warehouse/types.ts';

export interface PromoteDeps {
  store: Store;
  schema: SchemaService;
  kb: KnowledgeBase;
  warehouse: Warehouse;
  kbDir: string;
  timeoutMs: number;
}

export interface PromoteRequest {
  /** The example's question; default: the attempt's own question. */
  question?: string | undefined;
  tags?: string[] | undefined;
}

export type PromoteOutcome =
  | { ok: true; file: string; question: string; rows: number; examples: number }
  | { ok: false; status: 400 | 404 | 409 | 422; error: string };

const MAX_QUESTION = 300;

export async function promoteToKb(deps: PromoteDeps, viewer: Viewer, attemptId: string, request: PromoteRequest): Promise<PromoteOutcome> {
  const a = await deps.store.attempts.getForViewer(attemptId, viewer);
  if (!a) return { ok: false, status: 404, error: 'no such attempt' };
  if (a.status !== 'success' || !a.generatedSql) return { ok: false, status: 409, error: 'only a successful answer can become a knowledge-base example' };
  const question = (request.question ?? a.naturalLanguageQuery ?? '').trim();
  if (!question) return { ok: false, status: 400, error: 'this attempt has no question in words (it was SQL); send {"question": "…"}' };
  if (question.length > MAX_QUESTION) return { ok: false, status: 400, error: `a question is at most ${MAX_QUESTION} characters` };

  const schema = await deps.schema.ensure();
  const verdict = await guardSql(a.generatedSql, schema.catalog);
  if (!verdict.ok) return { ok: false, status: 422, error: `the SQL no longer passes the guard: ${verdict.reason}` };

  const written = await writeKbExample(deps.kbDir, {
    question,
    tags: (request.tags ?? []).slice(0, 12),
    notes: [`Promoted from attempt ${a.id} (${a.createdAt.toISOString().slice(0, 10)}).`],
    sql: a.generatedSql,
  });
  if (!written.ok) return { ok: false, status: 422, error: written.reason };

  const check = await checkKbFile(written.file, { catalog: schema.catalog, warehouse: deps.warehouse, timeoutMs: deps.timeoutMs });
  if (!check.ok) {
    await rm(written.file, { force: true });
    return { ok: false, status: 422, error: `the example does not run: ${check.problem ?? 'unknown problem'}` };
  }
  const report = await deps.kb.reload(schema.catalog);
  const problem = report.errors.find((e) => e.file === written.fileName);
  if (problem) {
    await rm(written.file, { force: true });
    await deps.kb.reload(schema.catalog);
    return { ok: false, status: 422, error: `the example could not be indexed: ${problem.reason}` };
  }
  return { ok: true, file: written.fileName, question, rows: check.rows ?? 0, examples: report.examples };
}
