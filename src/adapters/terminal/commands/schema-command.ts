// `threadsql schema [table] [--json]` and `threadsql schema refresh [--json]`.
import type { App } from '../../../app.ts';
import { findTable, formatSchemaOverview, formatTable, suggestTables } from '../../../warehouse/schema-format.ts';
import { EXIT, printError, printJson, printLine } from '../output.ts';

export async function schemaCommand(app: App, table: string | undefined, json: boolean): Promise<number> {
  const loaded = await app.schema.ensure().catch(() => undefined) ?? app.schema.current();
  if (!loaded) {
    printError('no schema yet: the warehouse cannot be reached and no snapshot is stored.');
    return EXIT.failed;
  }
  const desc = loaded.description;
  if (table) {
    const found = findTable(desc, table);
    if (!found) {
      const close = suggestTables(desc, table);
      printError(`no table "${table}" in the warehouse schema${close.length ? `; did you mean ${close.join(', ')}?` : '.'}`);
      return EXIT.failed;
    }
    if (json) printJson(found);
    else printLine(formatTable(desc, table));
    return EXIT.ok;
  }
  if (json) {
    printJson({ snapshotId: loaded.snapshotId, loadedAt: loaded.loadedAt.toISOString(), source: loaded.source, ...desc });
  } else {
    printLine(`Schema snapshot ${loaded.snapshotId} (${loaded.tableCount} tables, ${loaded.columnCount} columns, loaded ${loaded.loadedAt.toISOString()}${loaded.source === 'store' ? ', from the store: the warehouse is unreachable' : ''})`);
    printLine();
    printLine(formatSchemaOverview(desc));
  }
  return EXIT.ok;
}

export async function schemaRefreshCommand(app: App, json: boolean): Promise<number> {
  try {
    const r = await app.schema.refresh();
    if (json) {
      printJson({ snapshotId: r.schema.snapshotId, isNewSnapshot: r.isNewSnapshot, tables: r.schema.tableCount, columns: r.schema.columnCount, changes: r.changes });
    } else {
      printLine(`Schema refreshed: snapshot ${r.schema.snapshotId}${r.isNewSnapshot ? ' (new)' : ' (unchanged)'}, ${r.schema.tableCount} tables, ${r.schema.columnCount} columns.`);
      for (const line of r.changes) printLine(`  ${line}`);
    }
    return EXIT.ok;
  } catch (err) {
    printError((err as { userMessage?: string }).userMessage ?? 'schema refresh failed');
    return EXIT.failed;
  }
}
