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
  /**
   * Everyone's counts summed per week for the last `weeks` weeks (current week included), oldest
   * first, one entry for every week — a week without attempts is there with zeros, so a chart of it
   * has no gaps.
   */
  weeklyTotals(weeks: number): Promise<WeeklyTotals[]>;
}

/** One week of everyone's usage. */
export interface WeeklyTotals {
  weekStart: string;
  attempts: number;
  executed: number;
  success: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
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
      const since = weekStarts(clock.now(), weeks)[0]!;
      const conditions: SQL[] = [gte(metricsRollup.weekStart, since)];
      if (userId) conditions.push(eq(metricsRollup.userId, userId));
      return db
        .select()
        .from(metricsRollup)
        .where(and(...conditions))
        .orderBy(desc(metricsRollup.weekStart), metricsRollup.userId)
        .all();
    },

    async weeklyTotals(weeks) {
      const starts = weekStarts(clock.now(), Math.min(weeks, 520));
      const rows = await db
        .select({
          weekStart: metricsRollup.weekStart,
          attempts: sql<number>`sum(${metricsRollup.attemptsCount})`,
          executed: sql<number>`sum(${metricsRollup.executedCount})`,
          success: sql<number>`sum(${metricsRollup.successCount})`,
          promptTokens: sql<number>`sum(${metricsRollup.promptTokens})`,
          completionTokens: sql<number>`sum(${metricsRollup.completionTokens})`,
          costUsd: sql<number>`sum(${metricsRollup.costUsd})`,
        })
        .from(metricsRollup)
        .where(gte(metricsRollup.weekStart, starts[0]!))
        .groupBy(metricsRollup.weekStart)
        .all();
      const byWeek = new Map(rows.map((r) => [r.weekStart, r]));
      return starts.map(
        (weekStart) =>
          byWeek.get(weekStart) ?? { weekStart, attempts: 0, executed: 0, success: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      );
    },
  };
}

/** The Mondays of the last `weeks` weeks up to the one containing `now`, oldest first. */
function weekStarts(now: Date, weeks: number): string[] {
  const count = Math.max(1, Math.floor(weeks));
  const first = new Date(`${weekStartOf(now)}T00:00:00.000Z`);
  first.setUTCDate(first.getUTCDate() - 7 * (count - 1));
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(first);
    d.setUTCDate(first.getUTCDate() + 7 * i);
    return d.toISOString().slice(0, 10);
  });
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
