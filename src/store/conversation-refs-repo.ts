// Where a platform conversation can be reached again without an incoming message: Teams'
// proactive messages (a long answer finished, private history sent to personal chat, the
// interrupted-question notice after a restart) need the conversation reference the platform gave
// us on an earlier activity, and it must survive a restart.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { RepoDeps } from './db.ts';
import { conversationRefs, type ConversationRefRow, type Platform } from './schema.ts';

export interface ConversationRefInput {
  platform: Platform;
  tenantId?: string | undefined;
  conversationId: string;
  /** Set for a user's personal (1:1) chat; leave out for channels and group chats. */
  userId?: string | undefined;
  reference: Record<string, unknown>;
}

export interface ConversationRefsRepo {
  /** Remember (or refresh) the reference for this conversation; the latest one wins. */
  save(input: ConversationRefInput): Promise<void>;
  get(platform: Platform, tenantId: string, conversationId: string): Promise<ConversationRefRow | undefined>;
  /** The user's personal chat on `platform`, the most recently seen one if there are several. */
  personalFor(platform: Platform, userId: string): Promise<ConversationRefRow | undefined>;
  /**
   * Forget channel and group conversations not seen since `before` (one row per channel thread
   * adds up); personal chats are kept, they are how private answers reach a user. Returns how many.
   */
  pruneBefore(before: Date): Promise<number>;
}

export function createConversationRefsRepo({ db, clock }: RepoDeps): ConversationRefsRepo {
  return {
    async save(input) {
      const now = clock.now();
      await db
        .insert(conversationRefs)
        .values({
          platform: input.platform,
          tenantId: input.tenantId ?? '',
          conversationId: input.conversationId,
          userId: input.userId ?? null,
          reference: input.reference,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [conversationRefs.platform, conversationRefs.tenantId, conversationRefs.conversationId],
          set: {
            reference: input.reference,
            updatedAt: now,
            // A personal chat stays tied to its user even when a later save does not say whose it is.
            userId: sql`COALESCE(excluded.user_id, ${conversationRefs.userId})`,
          },
        })
        .run();
    },

    async get(platform, tenantId, conversationId) {
      return db
        .select()
        .from(conversationRefs)
        .where(
          and(
            eq(conversationRefs.platform, platform),
            eq(conversationRefs.tenantId, tenantId),
            eq(conversationRefs.conversationId, conversationId),
          ),
        )
        .get();
    },

    async personalFor(platform, userId) {
      return db
        .select()
        .from(conversationRefs)
        .where(and(eq(conversationRefs.platform, platform), eq(conversationRefs.userId, userId)))
        .orderBy(desc(conversationRefs.updatedAt))
        .limit(1)
        .get();
    },

    async pruneBefore(before) {
      const result = await db.delete(conversationRefs).where(and(isNull(conversationRefs.userId), lt(conversationRefs.updatedAt, before))).run();
      return result.rowsAffected;
    },
  };
}
