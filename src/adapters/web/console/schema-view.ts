// The Schema page's "refresh schema" (admins), which runs the same refresh as the `schema refresh`
// command: introspect, store a new snapshot when it changed, say what changed, check the
// knowledge-base examples against the new schema and reindex them. Reading the snapshot is in
// schema-list.ts (pages of table summaries) and schema-detail.ts (one table in full).
import { checkKbFile, listKbFiles } from '../../../kb/check-kb.ts';
import type { KnowledgeBase } from '../../../kb/kb-index.ts';
import type { SchemaService } from '../../../engine/schema-service.ts';
import type { Warehouse } from '../../../warehouse/types.ts';

export interface SchemaRefreshJson {
  tableCount: number;
  columnCount: number;
  isNewSnapshot: boolean;
  /** Plain sentences from the schema diff ("nothing changed" included). */
  changes: string[];
  cacheCleared: number;
  /** KB example files that no longer run against the new schema. */
  kbProblems: Array<{ file: string; problem: string }>;
}

export async function refreshSchema(deps: { schema: SchemaService; kb: KnowledgeBase; warehouse: Warehouse; kbDir: string; timeoutMs: number }): Promise<SchemaRefreshJson> {
  const r = await deps.schema.refresh();
  const kbProblems: SchemaRefreshJson['kbProblems'] = [];
  // No KB folder is no KB problem: the refresh itself still counts.
  for (const file of await listKbFiles(deps.kbDir).catch(() => [] as string[])) {
    const check = await checkKbFile(file, { catalog: r.schema.catalog, warehouse: deps.warehouse, timeoutMs: deps.timeoutMs });
    if (!check.ok) kbProblems.push({ file: check.file, problem: check.problem ?? 'does not run' });
  }
  await deps.kb.reload(r.schema.catalog);
  return { tableCount: r.schema.tableCount, columnCount: r.schema.columnCount, isNewSnapshot: r.isNewSnapshot, changes: r.changes, cacheCleared: r.cacheCleared, kbProblems };
}
