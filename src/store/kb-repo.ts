// The knowledge-base index: one row per kb/ file, refreshed when the files are loaded, with its
// full-text twin kb_fts (FTS5, kept in step by triggers: drizzle/0002_kb_fts.sql) and, when an
// embeddings model is configured, one vector per row. Ranking policy lives in src/kb/, not here.
import { and, eq, inArray, sql } from 'drizzle-orm';
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
  /** Indexed for full-text search besides question and tags: an example's notes, a note's text. */
  body?: string | undefined;
  contentHash: string;
}

/** One full-text hit: bm25() as FTS5 returns it (negative; the more negative, the better). */
export interface KbTextHit {
  filePath: string;
  bm25: number;
}

/** One vector hit: cosine distance (0 identical … 2 opposite). */
export interface KbVectorHit {
  filePath: string;
  distance: number;
}

/**
 * bm25() column weights, in kb_fts column order (entry_id, question, tags, body): a word in an
 * example's question counts 8 times a word in its notes, a tag 4 times. entry_id is not indexed.
 */
const BM25_WEIGHTS = '0.0, 8.0, 4.0, 1.0';

export interface KbRepo {
  /** Insert or refresh the entry for a file. `changed` is true when it is new or its content hash changed (its embedding is then cleared). */
  upsert(entry: KbEntryInput): Promise<{ id: string; changed: boolean }>;
  list(): Promise<KbEntryRow[]>;
  /** Delete entries whose file is not in `presentPaths` (their kb_fts rows go with them); returns how many went. */
  removeMissing(presentPaths: readonly string[]): Promise<number>;
  /**
   * Full-text search: `match` is an FTS5 MATCH expression the caller built safely (src/kb/fts-query.ts);
   * best first. An invalid expression throws, so callers never pass user text here unquoted.
   */
  searchText(match: string, limit: number): Promise<KbTextHit[]>;
  /**
   * Store a vector for an entry, only if the entry still has `contentHash` (a file edited meanwhile
   * keeps NULL and is embedded at the next reload). Returns whether it was stored.
   */
  setEmbedding(filePath: string, contentHash: string, model: string, vector: Float32Array): Promise<boolean>;
  /**
   * Nearest entries by cosine distance, computed in libSQL (vector_distance_cos over float32 blobs),
   * among vectors of `model` with the query's dimension; best first.
   */
  searchVector(vector: Float32Array, model: string, limit: number): Promise<KbVectorHit[]>;
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
        body: entry.body ?? '',
        contentHash: entry.contentHash,
        lastLoadedAt: now,
      };
      const sameContent = sql`${kbExamplesIndex.contentHash} = excluded.content_hash`;
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
              embedding: sql`CASE WHEN ${sameContent} THEN ${kbExamplesIndex.embedding} ELSE NULL END`,
              embeddingModel: sql`CASE WHEN ${sameContent} THEN ${kbExamplesIndex.embeddingModel} ELSE NULL END`,
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

    async searchText(match, limit) {
      const rows = await db.all<{ file_path: string; rank: number }>(sql`
        SELECT k.file_path AS file_path, bm25(kb_fts, ${sql.raw(BM25_WEIGHTS)}) AS rank
        FROM kb_fts
        JOIN ${kbExamplesIndex} AS k ON k.id = kb_fts.entry_id
        WHERE kb_fts MATCH ${match}
        ORDER BY rank, k.file_path
        LIMIT ${limit}`);
      return rows.map((r) => ({ filePath: r.file_path, bm25: Number(r.rank) }));
    },

    async setEmbedding(filePath, contentHash, model, vector) {
      const result = await db
        .update(kbExamplesIndex)
        .set({ embedding: float32Bytes(vector), embeddingModel: model })
        .where(and(eq(kbExamplesIndex.filePath, filePath), eq(kbExamplesIndex.contentHash, contentHash)));
      return result.rowsAffected === 1;
    },

    async searchVector(vector, model, limit) {
      const bytes = float32Bytes(vector);
      // The dimension filter keeps vector_distance_cos from failing on a vector of another size
      // (the same model name served with another dimension, or a hand-edited row).
      const rows = await db.all<{ file_path: string; distance: number }>(sql`
        SELECT file_path, vector_distance_cos(embedding, ${bytes}) AS distance
        FROM ${kbExamplesIndex}
        WHERE embedding IS NOT NULL AND embedding_model = ${model} AND length(embedding) = ${bytes.byteLength}
        ORDER BY distance, file_path
        LIMIT ${limit}`);
      return rows.map((r) => ({ filePath: r.file_path, distance: Number(r.distance) }));
    },
  };
}

/** A Float32Array as the little-endian float32 blob libSQL's vector32() stores (the platform order on x86 and ARM). */
function float32Bytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
