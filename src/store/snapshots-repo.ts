// Warehouse schema snapshots, deduplicated by the hash of what introspection read: loading the
// same schema again only touches loaded_at.
import { and, desc, eq, ne, type SQL } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { schemaSnapshots, type SchemaSnapshotRow } from './schema.ts';

export interface SnapshotInput {
  sourceHash: string;
  tableCount: number;
  columnCount: number;
  /** The snapshot serialized by warehouse/; must be JSON. */
  tablesJson: string;
  warehouseKind: string;
}

export interface SnapshotsRepo {
  /** Insert a new snapshot, or mark the existing one with the same hash as loaded now. */
  saveOrTouch(input: SnapshotInput): Promise<{ id: string; isNew: boolean }>;
  /** The most recently loaded snapshot, optionally of one warehouse kind and other than `excludeId`. */
  latest(options?: { warehouseKind?: string | undefined; excludeId?: string | undefined }): Promise<SchemaSnapshotRow | undefined>;
  get(id: string): Promise<SchemaSnapshotRow | undefined>;
}

export function createSnapshotsRepo({ db, clock }: RepoDeps): SnapshotsRepo {
  return {
    async saveOrTouch(input) {
      const now = clock.now();
      const [inserted, , found] = await db.batch([
        db
          .insert(schemaSnapshots)
          .values({ id: clock.newId(), loadedAt: now, createdAt: now, ...input })
          .onConflictDoNothing({ target: schemaSnapshots.sourceHash }),
        db.update(schemaSnapshots).set({ loadedAt: now }).where(eq(schemaSnapshots.sourceHash, input.sourceHash)),
        db.select({ id: schemaSnapshots.id }).from(schemaSnapshots).where(eq(schemaSnapshots.sourceHash, input.sourceHash)),
      ]);
      return { id: found[0]!.id, isNew: inserted.rowsAffected === 1 };
    },

    async latest(options = {}) {
      const conditions: SQL[] = [];
      if (options.warehouseKind) conditions.push(eq(schemaSnapshots.warehouseKind, options.warehouseKind));
      if (options.excludeId) conditions.push(ne(schemaSnapshots.id, options.excludeId));
      return db
        .select()
        .from(schemaSnapshots)
        .where(conditions.length > 0 ? and(...conditions) : undefined)
        .orderBy(desc(schemaSnapshots.loadedAt), desc(schemaSnapshots.createdAt))
        .limit(1)
        .get();
    },

    async get(id) {
      return db.select().from(schemaSnapshots).where(eq(schemaSnapshots.id, id)).get();
    },
  };
}
