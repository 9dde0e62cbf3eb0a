// One message through the engine and back into its Teams conversation (the channel thread, the group
// chat, the personal chat). The turn that brought the message has already ended with a typing
// indicator (Teams wants the HTTP answer within ~15 s and retries after that), so however long the
// query runs, the answer goes out proactively (continueConversation) through the conversation
// reference, with the typing indicator renewed while the engine works. A card Teams refuses still
// delivers the answer as text. Private answers asked in a channel go to the asker's personal chat,
// found in the store (so it works after a restart) or opened now.
import type { Engine } from '../../engine/engine.ts';
import type { EngineInput } from '../../engine/engine-input.ts';
import type { Reply } from '../../engine/reply.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ExportLinks } from '../../server/export-links.ts';
import type { BotFramework, ConversationRef, Outbox } from './bot-framework.ts';
import type { ConversationRefs } from './conversation-refs.ts';
import type { Asker, Scope } from './inbound.ts';
import { TYPING_RENEW_MS } from './limits.ts';
import { cardMessage, renderReply, textMessage, type RenderedReply } from './render-reply.ts';
import { teamsFailure } from './teams-errors.ts';

export interface AnswerDeps {
  engine: Engine;
  bot: BotFramework;
  /** Signed CSV download links; undefined = no link in cards (the CSV is then only named). */
  links: Pick<ExportLinks, 'urlFor' | 'chartUrlFor'> | undefined;
  logger: Logger;
  refs: ConversationRefs;
  /** How often the typing indicator is renewed while the engine works (TYPING_RENEW_MS). */
  typingRenewMs?: number;
}

export interface Where {
  ref: ConversationRef;
  scope: Scope;
  asker: Asker;
  /** A personal chat stored before the store knew its person: tie it to them once answered. */
  tieToAsker?: boolean;
}

export async function answerInConversation(deps: AnswerDeps, input: EngineInput, where: Where): Promise<Reply | undefined> {
  const log = deps.logger.child({ module: 'teams' });
  let timer: ReturnType<typeof setInterval> | undefined;
  let typing: Promise<void> = Promise.resolve();
  const renew = () => {
    typing = typing
      .then(() => deps.bot.continue(where.ref, async (o) => void (await o.send({ type: 'typing' }))))
      .catch((err: unknown) => log.debug({ code: teamsFailure(err).code }, 'typing indicator not sent'));
  };
  // Progress comes only once the engine has claimed the message, so a redelivered activity never
  // keeps a typing indicator alive.
  const onProgress = () => {
    timer ??= setInterval(renew, deps.typingRenewMs ?? TYPING_RENEW_MS);
  };
  let reply: Reply | undefined;
  try {
    reply = await deps.engine.handleMessage(input, onProgress);
  } finally {
    if (timer) clearInterval(timer);
  }
  await typing;
  if (!reply) return undefined; // already answered (a redelivery)
  // The engine knows the asker now: a personal chat seen before their first answer gets its user.
  if (where.tieToAsker) await deps.refs.rememberPersonal(where.ref, where.asker).catch((err: unknown) => log.warn({ err }, 'conversation reference not saved'));
  await deliverReply(deps, reply, where);
  return reply;
}

/** Post the answer where it belongs: private replies asked in a channel or group chat go to the personal chat. */
export async function deliverReply(deps: AnswerDeps, reply: Reply, where: Where): Promise<void> {
  if (reply.private && where.scope !== 'personal') {
    const sent = await sendToPersonalChat(deps, reply, where);
    const note = sent
      ? 'That answer is private (your history, stats or an attempt’s details), so I sent it to you in a personal chat with threadsql.'
      : 'That answer is private (your history, stats or an attempt’s details), so it is not posted here, and I could not open a personal chat with you. Ask me in a personal chat with threadsql (add the app for yourself first).';
    await deps.bot.continue(where.ref, (o) => sendText(o, note));
    return;
  }
  await deps.bot.continue(where.ref, (o) => sendReply(deps, o, reply).then(() => undefined));
}

/** The asker's personal chat as the store knows it (survives restarts), else a new one. False when neither works. */
async function sendToPersonalChat(deps: AnswerDeps, reply: Reply, where: Where): Promise<boolean> {
  const log = deps.logger.child({ module: 'teams' });
  const known = await deps.refs.personalChatOf(where.asker).catch((err: unknown) => {
    log.warn({ err }, 'conversation references unavailable');
    return undefined;
  });
  if (known) {
    try {
      await deps.bot.continue(known, async (o) => {
        if (!(await sendReply(deps, o, reply))) throw new Error('the personal chat refused the answer');
      });
      return true;
    } catch (err) {
      // Uninstalled by the user, or the chat moved: try opening it afresh.
      const f = teamsFailure(err);
      log.warn({ status: f.status, code: f.code }, 'the stored personal chat could not be used');
    }
  }
  try {
    const opened = await deps.bot.openPersonalChat(where.ref, { id: where.asker.channelUserId, tenantId: where.asker.tenantId }, (o) => sendReply(deps, o, reply).then(() => undefined));
    await deps.refs.rememberPersonal(opened, where.asker).catch((err: unknown) => log.warn({ err }, 'conversation reference not saved'));
    return true;
  } catch (err) {
    const f = teamsFailure(err);
    log.warn({ status: f.status, code: f.code }, 'could not open a personal chat for a private answer');
    return false;
  }
}

/** The card, or the text when Teams refuses the card. Returns the sent activity's id. */
export async function sendReply(deps: Pick<AnswerDeps, 'links' | 'logger'>, outbox: Outbox, reply: Reply): Promise<string | undefined> {
  return sendRendered(deps, outbox, renderFor(deps, reply), reply.attemptId);
}

export function renderFor(deps: Pick<AnswerDeps, 'links'>, reply: Reply): RenderedReply {
  const hasCsv = reply.parts.some((p) => p.kind === 'csv');
  const csvUrl = hasCsv && reply.attemptId && deps.links ? deps.links.urlFor(reply.attemptId) : undefined;
  const hasChart = reply.parts.some((p) => p.kind === 'chart');
  const chartUrl = hasChart && reply.attemptId && deps.links ? deps.links.chartUrlFor(reply.attemptId) : undefined;
  return renderReply(reply, { csvUrl, chartUrl });
}

export async function sendRendered(deps: Pick<AnswerDeps, 'logger'>, outbox: Outbox, rendered: RenderedReply, attemptId?: string): Promise<string | undefined> {
  const log = deps.logger.child({ module: 'teams' });
  try {
    return await outbox.send(cardMessage(rendered));
  } catch (err) {
    const f = teamsFailure(err);
    log.warn({ status: f.status, code: f.code, attemptId }, 'card refused; sending the answer as text');
  }
  try {
    return await outbox.send(textMessage(rendered));
  } catch (err) {
    const f = teamsFailure(err);
    log.error({ status: f.status, code: f.code, attemptId }, 'the answer could not be posted to Teams');
    return undefined;
  }
}

async function sendText(outbox: Outbox, text: string): Promise<void> {
  await outbox.send({ type: 'message', text, textFormat: 'plain' });
}
