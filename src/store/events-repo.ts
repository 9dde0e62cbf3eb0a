// De-duplication of platform retries (Slack re-sends an event it thinks we missed; Teams re-sends
// activities), across restarts and replicas: the first claimer of (platform, event id) wins.
import { and, eq, lt } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { processedEvents, type Platform } from './schema.ts';

export interface EventsRepo {
  /** True only for the first caller for this (platform, eventId), whichever process it runs in. */
  claim(platform: Platform, eventId: string): Promise<boolean>;
  /** Link a claimed event to the attempt it started (for the audit trail). */
  attachAttempt(platform: Platform, eventId: string, attemptId: string): Promise<boolean>;
  /** Forget events received before `before` (platforms stop retrying after minutes); returns how many. */
  pruneBefore(before: Date): Promise<number>;
}

export function createEventsRepo({ db, clock }: RepoDeps): EventsRepo {
  return {
    async claim(platform, eventId) {
      // INSERT … ON CONFLICT DO NOTHING is atomic under the primary key: exactly one insert changes a row.
      const result = await db
        .insert(processedEvents)
        .values({ platform, eventId, receivedAt: clock.now() })
        .onConflictDoNothing()
        .run();
      return result.rowsAffected === 1;
    },

    async attachAttempt(platform, eventId, attemptId) {
      const result = await db
        .update(processedEvents)
        .set({ attemptId })
        .where(and(eq(processedEvents.platform, platform), eq(processedEvents.eventId, eventId)))
        .run();
      return result.rowsAffected === 1;
    },

    async pruneBefore(before) {
      const result = await db.delete(processedEvents).where(lt(processedEvents.receivedAt, before)).run();
      return result.rowsAffected;
    },
  };
}
