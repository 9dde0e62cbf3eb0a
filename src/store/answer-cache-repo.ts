// The answer cache: SQL the model already wrote for an identical prompt, reused without calling the
// model again. The key is computed by nl2sql/cache-key.ts; this file only stores, expires and counts.
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { ThreadsqlError } from '../lib/errors.ts';
import type { RepoDeps } from './db.ts';
import { answerCache, type AnswerCacheRow } from './schema.ts';

export interface AnswerCachePut {
  /** sha256 hex from answerCacheKey(). */
  key: string;
  sql: string;
  model: string;
  schemaHash: string;
  kbState: string;
  /** The attempt that produced the SQL; NULL once that attempt is deleted. */
  sourceAttemptId: string | null | undefined;
  /** Lifetime from `now`; must be positive (THREADSQL_CACHE_TTL_DAYS = 0 means: do not call put). */
  ttlMs: number;
  now: Date;
}

export interface AnswerCacheRepo {
  /** The live entry for `key`, or undefined when there is none or it expired at or before `now`. */
  get(key: string, now: Date): Promise<AnswerCacheRow | undefined>;
  /** Store (or replace) the entry for `key`; a replaced entry starts again with no hits. */
  put(input: AnswerCachePut): Promise<void>;
  /** Count one reuse; false when the key is not there. */
  recordHit(key: string, now: Date): Promise<boolean>;
  /** Forget every entry (`schema refresh`); returns how many went. */
  invalidateAll(): Promise<number>;
  /** Delete entries expired at or before `now`; returns how many went. */
  pruneExpired(now: Date): Promise<number>;
}

export function createAnswerCacheRepo({ db }: RepoDeps): AnswerCacheRepo {
  return {
    async get(key, now) {
      return db
        .select()
        .from(answerCache)
        .where(and(eq(answerCache.key, key), gt(answerCache.expiresAt, now)))
        .get();
    },

    async put(input) {
      if (!(input.ttlMs > 0) || !Number.isFinite(input.ttlMs)) {
        throw new ThreadsqlError('internal', 'Something went wrong while saving this; please try again.', {
          message: `answer cache: ttlMs must be a positive number of milliseconds, got ${input.ttlMs}`,
        });
      }
      const values = {
        sql: input.sql,
        model: input.model,
        schemaHash: input.schemaHash,
        kbState: input.kbState,
        sourceAttemptId: input.sourceAttemptId ?? null,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + input.ttlMs),
        hitCount: 0,
        lastHitAt: null,
      };
      await db
        .insert(answerCache)
        .values({ key: input.key, ...values })
        .onConflictDoUpdate({ target: answerCache.key, set: values })
        .run();
    },

    async recordHit(key, now) {
      const result = await db
        .update(answerCache)
        .set({ hitCount: sql`${answerCache.hitCount} + 1`, lastHitAt: now })
        .where(eq(answerCache.key, key))
        .run();
      return result.rowsAffected === 1;
    },

    async invalidateAll() {
      const result = await db.delete(answerCache).run();
      return result.rowsAffected;
    },

    async pruneExpired(now) {
      const result = await db.delete(answerCache).where(lte(answerCache.expiresAt, now)).run();
      return result.rowsAffected;
    },
  };
}
