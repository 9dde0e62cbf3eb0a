// One-time web sign-in links (sent privately in Slack or Teams by `/threadsql web`). Only the hash
// of the link's token is stored; a link signs in once, before it expires, as the user it was made
// for. Redeeming is one UPDATE … WHERE used_at IS NULL, so two clicks racing get one session.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { signInLinks, type SignInLinkRow } from './schema.ts';

export interface SignInLinksRepo {
  /** A new link for `userId`, valid for `ttlMs` from now. */
  create(userId: string, tokenHash: string, ttlMs: number): Promise<SignInLinkRow>;
  /** Marks the link used and returns it, if it exists, is unused and has not expired; else undefined. */
  redeem(tokenHash: string): Promise<SignInLinkRow | undefined>;
  /** Forget links that expired before `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}

export function createSignInLinksRepo({ db, clock }: RepoDeps): SignInLinksRepo {
  return {
    async create(userId, tokenHash, ttlMs) {
      const now = clock.now();
      const [row] = await db
        .insert(signInLinks)
        .values({ id: clock.newId(), tokenHash, userId, createdAt: now, expiresAt: new Date(now.getTime() + Math.max(1, ttlMs)) })
        .returning();
      return row!;
    },

    async redeem(tokenHash) {
      const now = clock.now();
      const [row] = await db
        .update(signInLinks)
        .set({ usedAt: now })
        .where(and(eq(signInLinks.tokenHash, tokenHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)))
        .returning();
      return row;
    },

    async pruneBefore(before) {
      const result = await db.delete(signInLinks).where(lt(signInLinks.expiresAt, before)).run();
      return result.rowsAffected;
    },
  };
}
