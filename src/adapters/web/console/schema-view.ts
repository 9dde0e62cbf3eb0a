// The Schema page: the cached snapshot as JSON (tables, columns with comments, keys, row
// estimates) and the admin's "refresh schema", which runs the same refresh as the `schema refresh`
// command: introspect, store a new snapshot when it changed, say what changed, check the
// knowledge-base examples against the new schema and reindex them.
import { checkKbFile, listKbFiles } from '../../../kb/check-kb.ts';
import type { KnowledgeBase } from '../../../kb/kb-index.ts';
import type { LoadedSchema, SchemaService } from '../../../engine/schema-service.ts';
import type { Warehouse } from '../../../warehouse/types.ts';
import type { SchemaTable } from '../../../warehouse/schema-types.ts';

export interface WebSchema {
  snapshotId: string;
  loadedAt: string;
  /** 'warehouse': introspected by this process; 'store': the latest stored snapshot (warehouse was down). */
  source: LoadedSchema['source'];
  tableCount: number;
  columnCount: number;
  tables: Array<Pick<SchemaTable, 'schema' | 'name' | 'kind' | 'comment' | 'rowEstimate' | 'columns' | 'primaryKey' | 'foreignKeys'> & { partitionOf: string | null }>;
  enums: LoadedSchema['description']['enums'];
}

export function schemaJson(loaded: LoadedSchema): WebSchema {
  return {
    snapshotId: loaded.snapshotId,
    loadedAt: loaded.loadedAt.toISOString(),
    source: loaded.source,
    tableCount: loaded.tableCount,
    columnCount: loaded.columnCount,
    tables: loaded.description.tables.map((t) => ({
      schema: t.schema,
      name: t.name,
      kind: t.kind,
      comment: t.comment,
      rowEstimate: t.rowEstimate,
      columns: t.columns,
      primaryKey: t.primaryKey,
      foreignKeys: t.foreignKeys,
      partitionOf: t.partitionOf ?? null,
    })),
    enums: loaded.description.enums,
  };
}

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
