// The knowledge-base index: one row per kb/ file, refreshed when the files are loaded.
import { eq, inArray, sql } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { kbExamplesIndex, type KbEntryRow, type KbKind } from './schema.ts';

export interface KbEntryInput {
  /** Relative to the KB directory; the identity of the entry. */
  filePath: string;
  kind: KbKind;
  questionText: string;
  tags: string[];
  /** Required for examples, absent for notes. */
  sqlText?: string | null | undefined;
  contentHash: string;
}

export interface KbRepo {
  /** Insert or refresh the entry for a file. `changed` is true when it is new or its content hash changed (its embedding is then cleared). */
  upsert(entry: KbEntryInput): Promise<{ id: string; changed: boolean }>;
  list(): Promise<KbEntryRow[]>;
  /** Delete entries whose file is not in `presentPaths`; returns how many went. */
  removeMissing(presentPaths: readonly string[]): Promise<number>;
}

/** Delete in chunks well under SQLite's bound-parameter limit. */
const DELETE_CHUNK = 500;

export function createKbRepo({ db, clock }: RepoDeps): KbRepo {
  return {
    async upsert(entry) {
      const now = clock.now();
      const values = {
        filePath: entry.filePath,
        kind: entry.kind,
        questionText: entry.questionText,
        tags: entry.tags,
        sqlText: entry.sqlText ?? null,
        contentHash: entry.contentHash,
        lastLoadedAt: now,
      };
      const [before, after] = await db.batch([
        db
          .select({ contentHash: kbExamplesIndex.contentHash })
          .from(kbExamplesIndex)
          .where(eq(kbExamplesIndex.filePath, entry.filePath)),
        db
          .insert(kbExamplesIndex)
          .values({ id: clock.newId(), ...values })
          .onConflictDoUpdate({
            target: kbExamplesIndex.filePath,
            set: {
              ...values,
              // A stale vector would rank the old text: drop it when the content changed.
              embedding: sql`CASE WHEN ${kbExamplesIndex.contentHash} = excluded.content_hash THEN ${kbExamplesIndex.embedding} ELSE NULL END`,
            },
          })
          .returning({ id: kbExamplesIndex.id }),
      ]);
      return { id: after[0]!.id, changed: before[0]?.contentHash !== entry.contentHash };
    },

    async list() {
      return db.select().from(kbExamplesIndex).orderBy(kbExamplesIndex.filePath).all();
    },

    async removeMissing(presentPaths) {
      const present = new Set(presentPaths);
      const stored = await db.select({ filePath: kbExamplesIndex.filePath }).from(kbExamplesIndex).all();
      const missing = stored.map((r) => r.filePath).filter((p) => !present.has(p));
      if (missing.length === 0) return 0;
      const deletes = [];
      for (let i = 0; i < missing.length; i += DELETE_CHUNK) {
        deletes.push(db.delete(kbExamplesIndex).where(inArray(kbExamplesIndex.filePath, missing.slice(i, i + DELETE_CHUNK))));
      }
      const results = await db.batch(deletes as [(typeof deletes)[number], ...typeof deletes]);
      return results.reduce((sum, r) => sum + r.rowsAffected, 0);
    },
  };
}
