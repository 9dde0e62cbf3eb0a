// The schema, introspected into snapshots and served from memory: loaded at start, refreshed by
// command. When the warehouse is down at start, the latest stored snapshot keeps the guard working
// so the first query after the warehouse returns does not wait for an introspection.
import type { Logger } from '../lib/logger.ts';
import type { Clock } from '../lib/clock.ts';
import { indexSchema } from '../nl2sql/schema-index.ts';
import { catalogFromSchema } from '../sql/catalog.ts';
import type { RelationCatalog } from '../sql/guard.ts';
import type { Store } from '../store/store.ts';
import { introspectSchema } from '../warehouse/introspect.ts';
import { describeChanges, diffSchemas } from '../warehouse/schema-diff.ts';
import { schemaHash } from '../warehouse/schema-hash.ts';
import type { SchemaDescription } from '../warehouse/schema-types.ts';
import type { Warehouse } from '../warehouse/types.ts';

export interface LoadedSchema {
  snapshotId: string;
  hash: string;
  loadedAt: Date;
  description: SchemaDescription;
  catalog: RelationCatalog;
  tableCount: number;
  columnCount: number;
  /** Where it came from this time: a fresh introspection or the store (warehouse down). */
  source: 'warehouse' | 'store';
}

export interface RefreshResult {
  schema: LoadedSchema;
  isNewSnapshot: boolean;
  /** Plain sentences: tables added/removed, columns changed; or that nothing changed. */
  changes: string[];
  /** Cached answers dropped because the schema changed (their SQL was written for the old one). */
  cacheCleared: number;
}

export interface SchemaService {
  current(): LoadedSchema | undefined;
  /** The loaded schema, introspecting first when none is loaded yet. Throws WarehouseDownError. */
  ensure(): Promise<LoadedSchema>;
  /** Introspect again, store a snapshot when it changed, and report the changes in words. */
  refresh(): Promise<RefreshResult>;
  /** At start: introspect, or fall back to the latest stored snapshot when the warehouse is down. */
  loadAtStart(): Promise<LoadedSchema | undefined>;
}

export function createSchemaService(deps: {
  warehouse: Warehouse;
  store: Store;
  logger: Logger;
  clock: Clock;
  schemas: string[] | undefined;
}): SchemaService {
  const log = deps.logger.child({ module: 'schema' });
  let loaded: LoadedSchema | undefined;
  let inflight: Promise<RefreshResult> | undefined;

  async function introspectAndStore(): Promise<RefreshResult> {
    const started = deps.clock.monotonicMs();
    const description = await introspectSchema(deps.warehouse, { schemas: deps.schemas });
    const hash = schemaHash(description);
    const tableCount = description.tables.length;
    const columnCount = description.tables.reduce((n, t) => n + t.columns.length, 0);
    const saved = await deps.store.snapshots.saveOrTouch({
      sourceHash: hash,
      tableCount,
      columnCount,
      tablesJson: JSON.stringify(description),
      warehouseKind: deps.warehouse.kind,
    });
    // Build the prompt's table index now (≈80 ms for 1,000 tables) so the first question does not pay it.
    indexSchema(description);
    const before = loaded?.description ?? (saved.isNew ? await previousDescription(saved.id) : undefined);
    const changes = describeChanges(diffSchemas(before, description));
    loaded = {
      snapshotId: saved.id,
      hash,
      loadedAt: deps.clock.now(),
      description,
      catalog: catalogFromSchema(description),
      tableCount,
      columnCount,
      source: 'warehouse',
    };
    log.info(
      { snapshotId: saved.id, isNew: saved.isNew, tables: tableCount, columns: columnCount, ms: Math.round(deps.clock.monotonicMs() - started) },
      'schema loaded',
    );
    // Cached SQL was written against the old schema; the key holds the schema hash too, but stale
    // entries should not linger until they expire.
    const cacheCleared = saved.isNew ? await deps.store.answerCache.invalidateAll() : 0;
    return { schema: loaded, isNewSnapshot: saved.isNew, changes, cacheCleared };
  }

  async function previousDescription(excludeId: string): Promise<SchemaDescription | undefined> {
    const prev = await deps.store.snapshots.latest({ excludeId, warehouseKind: deps.warehouse.kind });
    return prev ? (JSON.parse(prev.tablesJson) as SchemaDescription) : undefined;
  }

  // One introspection at a time: concurrent refreshes share the same promise.
  function refresh(): Promise<RefreshResult> {
    inflight ??= introspectAndStore().finally(() => (inflight = undefined));
    return inflight;
  }

  return {
    current: () => loaded,
    async ensure() {
      return loaded ?? (await refresh()).schema;
    },
    refresh,
    async loadAtStart() {
      try {
        return (await refresh()).schema;
      } catch (err) {
        const latest = await deps.store.snapshots.latest({ warehouseKind: deps.warehouse.kind });
        if (!latest) {
          log.warn({ err }, 'schema not loaded: warehouse unavailable and no stored snapshot');
          return undefined;
        }
        const description = JSON.parse(latest.tablesJson) as SchemaDescription;
        indexSchema(description);
        loaded = {
          snapshotId: latest.id,
          hash: latest.sourceHash,
          loadedAt: new Date(latest.loadedAt),
          description,
          catalog: catalogFromSchema(description),
          tableCount: latest.tableCount,
          columnCount: latest.columnCount,
          source: 'store',
        };
        log.warn({ err, snapshotId: latest.id }, 'warehouse unavailable: using the latest stored schema snapshot');
        return loaded;
      }
    },
  };
}
