// Bot Framework activity → engine input. Pure: decides which activities are questions, card actions
// or installs, which thread a message belongs to, and what the user actually typed (the bot's own
// <at>…</at> mention removed, Teams' HTML entities undone).
import type { EngineInput } from '../../engine/engine-input.ts';
import type { TeamsActivity } from './bot-framework.ts';
import { readCardAction, type CardAction } from './card-actions.ts';

/** personal: 1:1 chat with the bot; channel: a team channel (threads); groupChat: a group chat. */
export type Scope = 'personal' | 'channel' | 'groupChat';

export interface Asker {
  /** AAD object id when Teams sends one (it does for people), else the Bot Framework user id. */
  userId: string;
  /** The Bot Framework user id (29:…), what a new personal chat needs. */
  channelUserId: string;
  tenantId: string;
  displayName: string;
}

export type Inbound =
  | { kind: 'question'; input: EngineInput; scope: Scope; asker: Asker }
  | { kind: 'card_action'; action: CardAction; via: 'submit' | 'execute'; input: Omit<EngineInput, 'text'>; scope: Scope; asker: Asker; cardActivityId: string | undefined }
  | { kind: 'installed'; scope: Scope; tenantId: string; conversationId: string }
  | { kind: 'ignored'; reason: string };

/** Classify one activity. */
export function readActivity(activity: TeamsActivity): Inbound {
  const scope = scopeOf(activity);
  // Teams announces an install twice: installationUpdate (action "add") and a conversationUpdate
  // with the bot among membersAdded. Both are "installed"; the adapter welcomes a conversation once.
  const installed = { kind: 'installed' as const, scope, tenantId: activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '', conversationId: baseConversationId(activity.conversation.id) };
  if (activity.type === 'installationUpdate') {
    return activity.action === 'add' ? installed : { kind: 'ignored', reason: `installationUpdate ${activity.action ?? ''}`.trim() };
  }
  if (activity.type === 'conversationUpdate') {
    // The bot itself among the members added: installed in a team, a group chat or personal scope.
    const added = activity.membersAdded?.some((m) => m.id === activity.recipient.id) ?? false;
    return added ? installed : { kind: 'ignored', reason: 'conversationUpdate without the bot' };
  }
  if (activity.from.role === 'bot' || activity.from.id === activity.recipient.id || activity.from.id.startsWith('28:')) {
    return { kind: 'ignored', reason: 'from a bot' };
  }
  const asker = askerOf(activity);
  const base = baseInput(activity, scope, asker);

  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const value = activity.value as { action?: { type?: string; verb?: string; data?: Record<string, unknown> } } | undefined;
    const data = { ...(value?.action?.data ?? {}) };
    const action = readCardAction(data.threadsql ? data : { ...data, threadsql: value?.action?.verb });
    if (!action) return { kind: 'ignored', reason: 'not a threadsql card action' };
    return { kind: 'card_action', action, via: 'execute', input: base, scope, asker, cardActivityId: activity.replyToId };
  }
  if (activity.type !== 'message') return { kind: 'ignored', reason: `activity type ${activity.type}` };

  // Action.Submit arrives as a message with `value` and no text.
  if (activity.value !== undefined && !activity.text?.trim()) {
    const action = readCardAction(activity.value);
    if (!action) return { kind: 'ignored', reason: 'not a threadsql card action' };
    return { kind: 'card_action', action, via: 'submit', input: base, scope, asker, cardActivityId: activity.replyToId };
  }

  // In channels and group chats Teams delivers messages that @mention the bot (unless the app has
  // resource-specific consent to read all): still, answer only those.
  if (scope !== 'personal' && !mentionsBot(activity)) return { kind: 'ignored', reason: 'not addressed to the bot' };
  const text = cleanText(activity);
  return { kind: 'question', input: { ...base, text: text || 'help' }, scope, asker };
}

export function scopeOf(activity: TeamsActivity): Scope {
  const t = activity.conversation.conversationType;
  if (t === 'channel' || t === 'groupChat' || t === 'personal') return t;
  if (activity.channelData?.channel?.id) return 'channel';
  return activity.conversation.isGroup ? 'groupChat' : 'personal';
}

/**
 * The conversation thread. A channel conversation id carries the thread's root message
 * (`19:…@thread.tacv2;messageid=1700000000000`), so a reply in a thread and the message that started
 * it share one key; personal and group chats are one long thread each (the session's idle limit
 * splits them into sessions).
 */
export function threadKeyOf(activity: TeamsActivity): string {
  const { id } = activity.conversation;
  const m = /;messageid=([^;]+)/.exec(id);
  if (m) return m[1]!;
  if (scopeOf(activity) === 'channel') return activity.replyToId ?? activity.id ?? id;
  return baseConversationId(id);
}

/** The conversation id without `;messageid=…`: the channel or chat itself. */
export function baseConversationId(id: string): string {
  return id.split(';')[0]!;
}

function askerOf(activity: TeamsActivity): Asker {
  return {
    userId: activity.from.aadObjectId ?? activity.from.id,
    channelUserId: activity.from.id,
    tenantId: activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '',
    displayName: activity.from.name?.trim() || activity.from.aadObjectId || activity.from.id,
  };
}

function baseInput(activity: TeamsActivity, scope: Scope, asker: Asker): Omit<EngineInput, 'text'> {
  const conversation = baseConversationId(activity.conversation.id);
  return {
    platform: 'teams',
    tenantId: asker.tenantId,
    channelId: scope === 'channel' ? (activity.channelData?.channel?.id ?? conversation) : conversation,
    threadKey: threadKeyOf(activity),
    userId: asker.userId,
    userDisplayName: asker.displayName,
    isDirectMessage: scope === 'personal',
    // Teams redelivers an activity with the same id; message ids are unique within a conversation.
    eventId: activity.id ? `${conversation}:${activity.id}` : undefined,
  };
}

function mentionsBot(activity: TeamsActivity): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && e.mentioned?.id === activity.recipient.id);
}

/**
 * What the user typed: the bot's own mention removed (its entity's text, e.g. `<at>threadsql</at>`),
 * other people's mentions kept as their names, leftover tags dropped and HTML entities decoded so
 * `a < b` in a question or SQL survives.
 */
export function cleanText(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention' || !e.text) continue;
    text = text.split(e.text).join(e.mentioned?.id === activity.recipient.id ? ' ' : e.text.replace(/<\/?at>/g, ''));
  }
  return decodeEntities(text.replace(/<at>[^<]*<\/at>/g, ' ').replace(/<br\s*\/?>/gi, '\n').replace(FORMATTING_TAG, ''))
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

// Only the formatting tags Teams puts into message text; a bare `a<b and c>d` in a question is data.
const FORMATTING_TAG = /<\/?(?:p|div|span|b|i|u|s|em|strong|code|pre|strike|blockquote|ol|ul|li|h[1-6])(?:\s[^>]*)?>/gi;

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
