// Weekly per-user counts. attempts.finish() and attempts.closeOrphans() update the rollup in the
// same transaction that closes the attempt, so the rollup cannot drift from the audit trail.
import { and, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { metricsRollup, type FinalAttemptStatus, type MetricsRollupRow } from './schema.ts';

/** Statuses that mean the query reached the warehouse. */
export const EXECUTED_STATUSES: readonly FinalAttemptStatus[] = ['success', 'failed_execution', 'timeout'];

export interface AttemptTokens {
  promptTokens?: number | null | undefined;
  completionTokens?: number | null | undefined;
  costUsd?: number | null | undefined;
}

export interface MetricsRepo {
  /**
   * Count one ended attempt into its week. attempts.finish() already does this for every attempt it
   * closes — call this only for attempts recorded some other way (imports, backfills).
   */
  recordAttemptEnd(userId: string, status: FinalAttemptStatus, at: Date, tokens?: AttemptTokens): Promise<void>;
  /** Rollup rows of the last `weeks` weeks (the current week included), newest week first. */
  rollup(weeks: number, userId?: string): Promise<MetricsRollupRow[]>;
}

export function createMetricsRepo({ db, clock }: RepoDeps): MetricsRepo {
  return {
    async recordAttemptEnd(userId, status, at, tokens = {}) {
      await db
        .insert(metricsRollup)
        .values({
          weekStart: weekStartOf(at),
          userId,
          attemptsCount: 1,
          executedCount: EXECUTED_STATUSES.includes(status) ? 1 : 0,
          successCount: status === 'success' ? 1 : 0,
          promptTokens: tokens.promptTokens ?? 0,
          completionTokens: tokens.completionTokens ?? 0,
          costUsd: tokens.costUsd ?? 0,
        })
        .onConflictDoUpdate({ target: [metricsRollup.weekStart, metricsRollup.userId], set: ADD_EXCLUDED })
        .run();
    },

    async rollup(weeks, userId) {
      const count = Math.max(1, Math.floor(weeks));
      const first = new Date(`${weekStartOf(clock.now())}T00:00:00.000Z`);
      first.setUTCDate(first.getUTCDate() - 7 * (count - 1));
      const since = first.toISOString().slice(0, 10);
      const conditions: SQL[] = [gte(metricsRollup.weekStart, since)];
      if (userId) conditions.push(eq(metricsRollup.userId, userId));
      return db
        .select()
        .from(metricsRollup)
        .where(and(...conditions))
        .orderBy(desc(metricsRollup.weekStart), metricsRollup.userId)
        .all();
    },
  };
}

/** ON CONFLICT … DO UPDATE: add the new row's counts to the existing ones. */
export const ADD_EXCLUDED = {
  attemptsCount: sql`${metricsRollup.attemptsCount} + excluded.attempts_count`,
  executedCount: sql`${metricsRollup.executedCount} + excluded.executed_count`,
  successCount: sql`${metricsRollup.successCount} + excluded.success_count`,
  promptTokens: sql`${metricsRollup.promptTokens} + excluded.prompt_tokens`,
  completionTokens: sql`${metricsRollup.completionTokens} + excluded.completion_tokens`,
  costUsd: sql`${metricsRollup.costUsd} + excluded.cost_usd`,
};

/** ISO date (UTC) of the Monday that starts the week containing `at`. */
export function weekStartOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}
