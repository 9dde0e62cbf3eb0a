// Where a Teams conversation can be reached again without an incoming activity. Bot Framework only
// lets a bot post proactively with the conversation reference of an earlier activity; keeping it in
// the store (conversation_refs) is what makes the interrupted-question notice and private answers
// in personal chat work after a restart. One row per channel thread (its `;messageid=` root) and
// per chat; a personal chat's row names its user (the store's user id).
import type { Store } from '../../store/store.ts';
import type { ConversationRef, TeamsActivity } from './bot-framework.ts';
import { baseConversationId, type Asker, type Scope } from './inbound.ts';

export interface ConversationRefs {
  /**
   * Remember the reference of an inbound activity (every one refreshes it: Teams may move a
   * conversation's serviceUrl). True when it is a personal chat whose person the store does not know
   * yet (their first message): it is tied to them once the engine has seen them (rememberPersonal).
   */
  remember(activity: TeamsActivity, ref: ConversationRef, scope: Scope): Promise<boolean>;
  /** Remember a personal chat we opened ourselves (createConversation). */
  rememberPersonal(ref: ConversationRef, asker: Asker): Promise<void>;
  /** The asker's personal chat with the bot, if they have one we have seen. */
  personalChatOf(asker: Asker): Promise<ConversationRef | undefined>;
  /** The conversation of an engine thread (channel + thread key, as EngineInput names them). */
  threadOf(tenantId: string, channelId: string, threadKey: string): Promise<ConversationRef | undefined>;
}

export function createConversationRefs(store: Pick<Store, 'conversationRefs' | 'users'>): ConversationRefs {
  const storeUserId = async (asker: Pick<Asker, 'tenantId' | 'userId'>) =>
    (await store.users.find({ platform: 'teams', tenantId: asker.tenantId, platformUserId: asker.userId }))?.id;

  return {
    async remember(activity, ref, scope) {
      const tenantId = activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '';
      // The person in a personal chat: known to the store once the engine has seen them (their
      // first message is saved again with the user once the engine has answered it).
      const userId =
        scope === 'personal' && activity.from.role !== 'bot'
          ? await storeUserId({ tenantId, userId: activity.from.aadObjectId ?? activity.from.id })
          : undefined;
      await store.conversationRefs.save({ platform: 'teams', tenantId, conversationId: refKey(activity, scope), userId, reference: { ...ref } });
      return scope === 'personal' && activity.from.role !== 'bot' && !userId;
    },

    async rememberPersonal(ref, asker) {
      const userId = await storeUserId(asker);
      await store.conversationRefs.save({ platform: 'teams', tenantId: asker.tenantId, conversationId: baseConversationId(ref.conversation.id), userId, reference: { ...ref } });
    },

    async personalChatOf(asker) {
      const userId = await storeUserId(asker);
      if (!userId) return undefined;
      const row = await store.conversationRefs.personalFor('teams', userId);
      return row ? (row.reference as unknown as ConversationRef) : undefined;
    },

    async threadOf(tenantId, channelId, threadKey) {
      // A channel thread is stored under `<channel>;messageid=<root>`; a chat under its own id (its
      // thread key is the chat id). A channel thread never seen falls back to the channel itself.
      const keys = threadKey === channelId ? [channelId] : [`${channelId};messageid=${threadKey}`, channelId];
      for (const key of keys) {
        const row = await store.conversationRefs.get('teams', tenantId, key);
        if (row) return row.reference as unknown as ConversationRef;
      }
      return undefined;
    },
  };
}

/** The row key: `<channel>;messageid=<root>` for a channel thread, else the conversation id without suffix. */
export function refKey(activity: TeamsActivity, scope: Scope): string {
  const base = baseConversationId(activity.conversation.id);
  const root = /;messageid=([^;]+)/.exec(activity.conversation.id)?.[1];
  if (scope !== 'channel' || !root) return base;
  return `${activity.channelData?.channel?.id ?? base};messageid=${root}`;
}
