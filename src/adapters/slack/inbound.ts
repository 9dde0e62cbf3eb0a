// Slack event → engine input. Pure: decides which events are questions, where the answer goes
// (the thread), and what the user actually typed (mention removed, Slack's escaping undone).
import type { EngineInput } from '../../engine/engine-input.ts';

/** The fields of a Slack message-like event (message, app_mention) we read. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
}

/** Where an answer goes: the thread of the message that asked. */
export interface ThreadTarget {
  channelId: string;
  threadTs: string;
  userId: string;
}

export type Question = { input: Omit<EngineInput, 'userDisplayName'>; target: ThreadTarget };

/**
 * A person's new message, not an edit, a deletion, a join or another bot. `file_share` is a person
 * attaching a file with text, so it counts.
 */
export function isPersonMessage(event: SlackMessageEvent, botUserId: string): boolean {
  if (event.subtype !== undefined && event.subtype !== 'file_share') return false;
  if (event.bot_id || !event.user || event.user === botUserId) return false;
  return true;
}

/** app_mention in a channel → a question answered in that message's thread. */
export function questionFromMention(event: SlackMessageEvent, ctx: { teamId: string; botUserId: string }): Question | undefined {
  if (!isPersonMessage(event, ctx.botUserId)) return undefined;
  return question(event, ctx, false);
}

/** message.im → a question; no mention needed. Channel messages are not ours (mentions cover them). */
export function questionFromDirectMessage(event: SlackMessageEvent, ctx: { teamId: string; botUserId: string }): Question | undefined {
  if (event.channel_type !== 'im' || !isPersonMessage(event, ctx.botUserId)) return undefined;
  return question(event, ctx, true);
}

function question(event: SlackMessageEvent, ctx: { teamId: string; botUserId: string }, isDirectMessage: boolean): Question {
  // A reply in a thread belongs to that thread; a top-level message starts one under itself.
  const threadTs = event.thread_ts ?? event.ts;
  const text = cleanText(event.text ?? '', ctx.botUserId);
  return {
    input: {
      platform: 'slack',
      tenantId: event.team ?? ctx.teamId,
      channelId: event.channel,
      threadKey: threadTs,
      userId: event.user!,
      text: text || 'help',
      isDirectMessage,
      // channel + ts names the message itself: Slack's retries of the event and a second event for the
      // same message (a mention also seen as a DM) share it, so the engine answers once.
      eventId: messageEventId(event.channel, event.ts),
    },
    target: { channelId: event.channel, threadTs, userId: event.user! },
  };
}

export function messageEventId(channel: string, ts: string): string {
  return `msg:${channel}:${ts}`;
}

/**
 * What the user typed: the bot's mention removed, links and channel references as their text,
 * and Slack's escaping (&amp; &lt; &gt;) undone so `a < b` in a question or SQL survives.
 */
export function cleanText(text: string, botUserId: string): string {
  return text
    .replace(new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g'), ' ')
    .replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|mailto):[^>]*)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What `/threadsql <text>` asks for. */
export type SlashRequest =
  | { kind: 'help' }
  /** A question (`ask …`, or words that are not a command): answered in the channel, in a thread. */
  | { kind: 'ask'; question: string }
  /** Raw SQL: answered in the channel like a question, since it brings a table and a CSV. */
  | { kind: 'sql'; text: string }
  /** Any other command (history, show, schema, stats, kb reload…): answered privately. */
  | { kind: 'command'; text: string };

export function parseSlash(text: string, isCommand: (text: string) => boolean): SlashRequest {
  const t = cleanText(text, '\u0000');
  if (t === '' || /^(help|\?)$/i.test(t)) return { kind: 'help' };
  const ask = /^ask\s+([\s\S]+)$/i.exec(t);
  if (ask) return { kind: 'ask', question: ask[1]!.trim() };
  if (/^sql\s+\S/i.test(t)) return { kind: 'sql', text: t };
  if (isCommand(t)) return { kind: 'command', text: t };
  return { kind: 'ask', question: t };
}
