// One message from any platform, as the engine takes it.
import type { Platform } from '../store/store.ts';

export interface EngineInput {
  platform: Platform;
  /** Slack workspace / Teams tenant; '' where there is none. */
  tenantId: string;
  channelId: string;
  /** The conversation thread: Slack thread_ts, Teams conversation/reply chain id, web thread id. */
  threadKey: string;
  userId: string;
  userDisplayName: string;
  text: string;
  isDirectMessage: boolean;
  /** The platform's own id for this event; the same id never gets a second answer. */
  eventId?: string;
  /**
   * The store user an adapter has already signed in (web sign-in): the engine acts as that user row,
   * with its stored role, instead of resolving (platform, tenant, userId). A person who signed in to
   * the web with a Slack link is their Slack user, with their own history.
   */
  storeUserId?: string;
}
