// The spec's 8-hour sessions: one per conversation thread, and web sign-in sessions. A session
// expires 8 h after its last activity; every use slides the window.
import { and, eq, gt, lte } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { sessions, type Platform, type SessionRow } from './schema.ts';

/** Idle time after which a session expires (product spec: 8 hours). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** A conversation: where the turns of one thread live. */
export interface ThreadKey {
  platform: Platform;
  tenantId?: string | undefined;
  channelId: string;
  /** Thread ts (Slack), conversation id (Teams), or a DM's own key. */
  threadKey: string;
}

export interface SessionsRepo {
  /**
   * The thread's open session, created if there is none and replaced if it expired — atomically,
   * so two replicas handling the same thread end up with one session. Marks it active now.
   */
  /** `idleMs` (default 8 h): a session idle longer than this is retired and a new one starts. */
  openThread(key: ThreadKey, idleMs?: number): Promise<SessionRow>;
  /** A new web sign-in session for `userId`, found later by the hash of its token. */
  createWeb(userId: string, tokenHash: string): Promise<SessionRow>;
  /** The web session for this token hash if it is valid (not revoked, not expired); slides its expiry. */
  touchWeb(tokenHash: string): Promise<SessionRow | undefined>;
  get(id: string): Promise<SessionRow | undefined>;
  revoke(id: string): Promise<boolean>;
  /** Revoke every open web session of a user (removed, or a new password); returns how many. */
  revokeWebForUser(userId: string): Promise<number>;
}

export function createSessionsRepo({ db, clock }: RepoDeps): SessionsRepo {
  return {
    async openThread(key, idleMs = SESSION_IDLE_MS) {
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + idleMs);
      const match = and(
        eq(sessions.kind, 'thread'),
        eq(sessions.platform, key.platform),
        eq(sessions.tenantId, key.tenantId ?? ''),
        eq(sessions.channelId, key.channelId),
        eq(sessions.threadKey, key.threadKey),
        eq(sessions.revoked, false),
      );
      // One BEGIN IMMEDIATE transaction: retire an expired session, insert a new one unless an open
      // one exists (the partial unique index makes that a no-op), then slide and return the open one.
      const [, , touched] = await db.batch([
        db.update(sessions).set({ revoked: true }).where(and(match, lte(sessions.expiresAt, now))),
        db
          .insert(sessions)
          .values({
            id: clock.newId(),
            kind: 'thread',
            platform: key.platform,
            tenantId: key.tenantId ?? '',
            channelId: key.channelId,
            threadKey: key.threadKey,
            createdAt: now,
            lastActiveAt: now,
            expiresAt,
          })
          .onConflictDoNothing(),
        db.update(sessions).set({ lastActiveAt: now, expiresAt }).where(match).returning(),
      ]);
      return touched[0]!;
    },

    async createWeb(userId, tokenHash) {
      const now = clock.now();
      const [row] = await db
        .insert(sessions)
        .values({
          id: clock.newId(),
          kind: 'web',
          platform: 'web',
          userId,
          tokenHash,
          createdAt: now,
          lastActiveAt: now,
          expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
        })
        .returning();
      return row!;
    },

    async touchWeb(tokenHash) {
      const now = clock.now();
      const [row] = await db
        .update(sessions)
        .set({ lastActiveAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
        .where(
          and(
            eq(sessions.kind, 'web'),
            eq(sessions.tokenHash, tokenHash),
            eq(sessions.revoked, false),
            gt(sessions.expiresAt, now),
          ),
        )
        .returning();
      return row;
    },

    async get(id) {
      return db.select().from(sessions).where(eq(sessions.id, id)).get();
    },

    async revoke(id) {
      const result = await db.update(sessions).set({ revoked: true }).where(eq(sessions.id, id)).run();
      return result.rowsAffected === 1;
    },

    async revokeWebForUser(userId) {
      const result = await db
        .update(sessions)
        .set({ revoked: true })
        .where(and(eq(sessions.kind, 'web'), eq(sessions.userId, userId), eq(sessions.revoked, false)))
        .run();
      return result.rowsAffected;
    },
  };
}
