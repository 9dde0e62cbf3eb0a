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
}
